#!/usr/bin/env bash
# validate_sweep: a sweep directory made by hand from single runs (the layout of the sweep
# runner: design.csv, status.csv, member_%06d.h5 with attributes member, point, replicate).
# Member 1 failed (no file): it is listed as failed with undefined figures; members 0 and 2
# get one row per camp and a total row whose ARD is the file's own, and /validation in their
# files. A second sweep directory whose member 1 is marked done but whose file is truncated:
# that member is reported in one error line and listed invalid, the others are still
# validated, and the exit status is 1. The members' table (validation_members.csv and .h5) has
# one row per member: identity, parameters, status and every figure.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump
[ -x "$MS_H5EDIT" ] || { ms_fail "helper $MS_H5EDIT not built"; ms_finish; }

sw=sweep
mkdir -p "$sw"
printf 'member,point,replicate,seed,move_rules.camp_weight\n0,0,0,21,1.0\n1,0,1,22,1.0\n2,1,0,23,2.0\n' >"$sw/design.csv"
printf 'member,status,seconds,message\n0,done,0.7,\n1,failed,0.1,"migrasim exited with 1: something, went wrong"\n2,done,0.8,\n' >"$sw/status.csv"
for m in 0 2; do
  seed=$((21 + m))
  cw=1.0
  [ $m = 2 ] && cw=2.0
  f=$(printf '%s/member_%06d.h5' "$sw" $m)
  ms_must_run 2 60 run$m -scenario "$MS_DEFAULT" -output "$f" -seed $seed -days 60 -move_rules_camp_weight $cw -flee_csv none
  "$MS_H5EDIT" "$f" setint member $m && "$MS_H5EDIT" "$f" setint point $((m / 2)) && "$MS_H5EDIT" "$f" setint replicate $((m == 1)) || ms_fail "h5edit failed"
done
cp -r $sw sweep_bad

log=val
val_run "$log" -sweep "$sw"
rc=$?
if [ $rc -ne 0 ]; then ms_fail "migrasim-validate -sweep exited with $rc"; ms_show "$log"; fi
csv=$sw/validation.csv
if [ -s "$csv" ]; then ms_ok "wrote $csv"; else ms_fail "no $csv"; ms_finish; fi
# rows: header + (5 camps + total) for members 0 and 2 + one row for member 1
[ "$(wc -l <"$csv")" = 14 ] && ms_ok "14 lines (header, 2 x 6 rows, 1 failed row)" || ms_fail "$(wc -l <"$csv") lines, not 14"
[ "$(head -n 1 "$csv")" = "member,point,replicate,seed,camp,ard,ard_unrescaled,rel_error_mean,rel_error_last,mase,status" ] || ms_fail "header is '$(head -n 1 "$csv")'"
for m in 0 2; do
  n=$(awk -F, -v m=$m '$1 == m && $11 == "done"' "$csv" | wc -l)
  [ "$n" = 6 ] && ms_ok "member $m: 6 rows done" || ms_fail "member $m: $n rows marked done, not 6"
  f=$(printf '%s/member_%06d.h5' "$sw" $m)
  own=$(ms_attr "$f" /ard)
  got=$(val_csv_field "$csv" $m total ard)
  if ms_same_number "$got" "$own"; then ms_ok "member $m: total ard $got is the run's own"; else ms_fail "member $m: total ard '$got', the run's own '$own'"; fi
  [ "$(ms_attr "$f" /validation/ard)" = "$own" ] || ms_fail "member $m: /validation/ard is not the run's own"
  seed=$(val_csv_field "$csv" $m total seed)
  [ "$seed" = $((21 + m)) ] || ms_fail "member $m: seed '$seed' in the table, not $((21 + m))"
done
[ "$(val_csv_field "$csv" 2 total point),$(val_csv_field "$csv" 2 total replicate)" = "1,0" ] || ms_fail "member 2: point, replicate are not 1, 0"
row=$(awk -F, '$1 == 1' "$csv")
if [ "$row" = "1,0,1,22,total,nan,nan,nan,nan,nan,failed" ]; then ms_ok "member 1 listed as failed: $row"
else ms_fail "member 1's rows: '$row'"; fi
# the two members differ (camp_weight 1 and 2): the table is not one file read twice
[ "$(val_csv_field "$csv" 0 total ard)" != "$(val_csv_field "$csv" 2 total ard)" ] || ms_fail "members 0 and 2 have the same ARD"

# the members' table: one row per member, its parameters, seed, status and every figure (CSV, HDF5)
tidy=$sw/validation_members.csv
hdr=$(head -n 1 "$tidy")
case $hdr in
"member,point,replicate,seed,move_rules.camp_weight,status,ard,ard_unrescaled,rel_error_mean,rel_error_last,mase,"*":ard,"*) ms_ok "members' table header: identity, parameter, status, figures, camps' figures" ;;
*) ms_fail "members' table header is '$hdr'" ;;
esac
[ "$(wc -l <"$tidy")" = 4 ] && ms_ok "members' table: one row per member" || ms_fail "members' table has $(wc -l <"$tidy") lines, not 4"
ncol=$(head -n 1 "$tidy" | awk -F, '{ print NF }')
[ "$ncol" = $((11 + 5 * 5)) ] && ms_ok "members' table: 36 columns (5 camps x 5 figures)" || ms_fail "members' table: $ncol columns, not 36"
for m in 0 2; do
  got=$(awk -F, -v m=$m 'NR > 1 && $1 == m { print $7 }' "$tidy")
  ms_same_number "$got" "$(val_csv_field "$csv" $m total ard)" && ms_ok "member $m: its row's ARD is the validation's" || ms_fail "member $m: ARD '$got' in the members' table"
done
[ "$(awk -F, 'NR > 1 && $1 == 1 { print $4 "," $5 "," $6 "," $7 }' "$tidy")" = "22,1.0,failed,nan" ] && ms_ok "member 1: seed, parameter, failed, no figures" || ms_fail "member 1's row: $(awk -F, '$1 == 1' "$tidy")"
dims=$(h5dump -H -d /values "$sw/validation_members.h5" 2>/dev/null | sed -n 's/.*DATASPACE  *SIMPLE { ( \([0-9]*, [0-9]*\) ).*/\1/p')
[ "$dims" = "3, 35" ] && ms_ok "members' table in HDF5: /values 3 x 35 (status apart)" || ms_fail "validation_members.h5: /values '$dims'"

# a member marked done whose file is damaged
bad=sweep_bad
sed -i 's/^1,failed,.*/1,done,0.5,/' "$bad/status.csv"
head -c 3000 "$bad/member_000000.h5" >"$bad/member_000001.h5"
val_run valbad -sweep $bad -csv bad.csv
ms_expect_error "damaged member" valbad $? nonzero '^migrasim-validate: error: .*member_000001\.h5'
[ "$(awk -F, '$1 == 1 { print $11 }' bad.csv)" = invalid ] || ms_fail "damaged member 1 not listed invalid"
n=$(awk -F, '$11 == "done"' bad.csv | wc -l)
[ "$n" = 12 ] && ms_ok "the other members are still validated" || ms_fail "$n rows done in the damaged sweep, not 12"
ms_finish
