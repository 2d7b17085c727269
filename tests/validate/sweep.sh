#!/usr/bin/env bash
# validate_sweep: a sweep directory made by hand from single runs (the layout of the sweep
# runner: design.csv, status.csv, member_%06d.h5 with attributes member, point, replicate).
# Member 1 failed (no file): it is listed as failed with undefined figures; members 0 and 2
# get one row per camp and a total row whose ARD is the file's own, and /validation in their
# files. A second sweep directory whose member 1 is marked done but whose file is truncated:
# that member is reported in one error line and listed invalid, the others are still
# validated, and the exit status is 1.
. "$(dirname "$0")/lib.sh"
[ -x "$H5EDIT" ] || { echo "FAIL: helper $H5EDIT not built"; exit 1; }

sw=$MS_TMP/sweep
mkdir -p "$sw"
printf 'member,point,replicate,seed,move_rules.camp_weight\n0,0,0,21,1.0\n1,0,1,22,1.0\n2,1,0,23,2.0\n' >"$sw/design.csv"
printf 'member,status,seconds,message\n0,done,0.7,\n1,failed,0.1,"migrasim exited with 1: something, went wrong"\n2,done,0.8,\n' >"$sw/status.csv"
for m in 0 2; do
  seed=$((21 + m))
  cw=1.0
  [ $m = 2 ] && cw=2.0
  f=$(printf '%s/member_%06d.h5' "$sw" $m)
  ms_run 2 60 "$MS_TMP/run$m" -scenario "$MS_DEFAULT" -output "$f" -seed $seed -days 60 -move_rules_camp_weight $cw -flee_csv none
  [ $? -eq 0 ] || { ms_fail "member $m: migrasim failed"; ms_show "$MS_TMP/run$m"; ms_finish; }
  "$H5EDIT" "$f" setint member $m && "$H5EDIT" "$f" setint point $((m / 2)) && "$H5EDIT" "$f" setint replicate $((m == 1)) || ms_fail "h5edit failed"
done
cp -r "$sw" "$MS_TMP/sweep_bad"

log=$MS_TMP/val
mv_run "$log" -sweep "$sw"
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
  own=$(mv_double "$f" /ard)
  got=$(mv_csv_field "$csv" $m total ard)
  if mv_same_number "$got" "$own"; then ms_ok "member $m: total ard $got is the run's own"; else ms_fail "member $m: total ard '$got', the run's own '$own'"; fi
  [ "$(mv_double "$f" /validation/ard)" = "$own" ] || ms_fail "member $m: /validation/ard is not the run's own"
  seed=$(mv_csv_field "$csv" $m total seed)
  [ "$seed" = $((21 + m)) ] || ms_fail "member $m: seed '$seed' in the table, not $((21 + m))"
done
[ "$(mv_csv_field "$csv" 2 total point),$(mv_csv_field "$csv" 2 total replicate)" = "1,0" ] || ms_fail "member 2: point, replicate are not 1, 0"
row=$(awk -F, '$1 == 1' "$csv")
if [ "$row" = "1,0,1,22,total,nan,nan,nan,nan,nan,failed" ]; then ms_ok "member 1 listed as failed: $row"
else ms_fail "member 1's rows: '$row'"; fi
# the two members differ (camp_weight 1 and 2): the table is not one file read twice
[ "$(mv_csv_field "$csv" 0 total ard)" != "$(mv_csv_field "$csv" 2 total ard)" ] || ms_fail "members 0 and 2 have the same ARD"

# a member marked done whose file is damaged
bad=$MS_TMP/sweep_bad
sed -i 's/^1,failed,.*/1,done,0.5,/' "$bad/status.csv"
head -c 3000 "$bad/member_000000.h5" >"$bad/member_000001.h5"
mv_run "$MS_TMP/valbad" -sweep "$bad" -csv "$MS_TMP/bad.csv"
rc=$?
nerr=$(grep -c '^migrasim-validate: error: ' "$MS_TMP/valbad.err")
if [ $rc -ne 0 ] && [ "$nerr" = 1 ] && grep -q 'member_000001.h5' "$MS_TMP/valbad.err"; then ms_ok "damaged member: exit $rc, one line: $(head -n 1 "$MS_TMP/valbad.err")"
else ms_fail "damaged member: exit $rc, $nerr error lines"; ms_show "$MS_TMP/valbad"; fi
[ "$(awk -F, '$1 == 1 { print $11 }' "$MS_TMP/bad.csv")" = invalid ] || ms_fail "damaged member 1 not listed invalid"
n=$(awk -F, '$11 == "done"' "$MS_TMP/bad.csv" | wc -l)
[ "$n" = 12 ] && ms_ok "the other members are still validated" || ms_fail "$n rows done in the damaged sweep, not 12"
ms_finish
