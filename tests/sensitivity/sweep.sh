#!/usr/bin/env bash
# sensitivity_sweep: a Saltelli sweep (sampler: saltelli, 6 base points, 2 parameters: 24
# points) of the default scenario over 30 days, then migrasim-sensitivity on it:
# - design.csv holds 6 blocks A, AB_1, AB_2, B with AB_j equal to A but for parameter j (B's);
# - the CSV has one row per output and parameter, the HDF5 file the same indices as outputs x
#   parameters, and the total-order index of the ARD equals Jansen's estimator recomputed here
#   from the members' own ARD attributes;
# - a member not done leaves its base point out with a warning; a design that is not Saltelli's,
#   an unknown output and a misspelt option are one error line each.
MS_NAME=sensitivity_sweep
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

cat >design.yml <<'YML'
sampler: saltelli
points: 6
seed: 3
parameters:
  move_rules_conflict_weight: [0.05, 1.0]
  move_rules_camp_weight: [0.5, 4.0]
YML
sweep_run 2 120 sweep design.yml sw -flee_csv none
rc=$?
if [ $rc -ne 0 ]; then ms_fail "sweep exited with $rc"; ms_show sweep; ms_finish; fi
n=$(tail -n +2 sw/design.csv | wc -l)
[ "$n" = 24 ] && ms_ok "saltelli: 6 base points x (2 + 2) = 24 members" || ms_fail "$n members, not 24"
bad=$(awk -F, 'NR > 1 { p = $2; k = p % 4; b = int(p / 4); cw[b, k] = $5; fw[b, k] = $6 }
  END { for (b = 0; b < 6; b++)
          if (cw[b, 1] != cw[b, 3] || fw[b, 1] != fw[b, 0] || cw[b, 2] != cw[b, 0] || fw[b, 2] != fw[b, 3]) print b }' sw/design.csv)
[ -z "$bad" ] && ms_ok "every block is A, AB_1, AB_2, B" || ms_fail "blocks not Saltelli's: $bad"

ms_exec 0 60 sa "$MIGRASIM_SENSITIVITY" -sweep sw -output ard,camps,arrivals:Tarsk:5:20 -bootstrap 200
rc=$?
if [ $rc -ne 0 ]; then ms_fail "migrasim-sensitivity exited with $rc"; ms_show sa; ms_finish; fi
csv=sw/sensitivity.csv
hdr='output,parameter,first_order,first_order_low,first_order_high,total_order,total_order_low,total_order_high,output_mean,output_variance,base_points'
[ "$(head -n 1 $csv)" = "$hdr" ] && ms_ok "CSV header" || ms_fail "CSV header is '$(head -n 1 $csv)'"
# ard, 4 camps, the arrivals: 6 outputs x 2 parameters
[ "$(tail -n +2 $csv | wc -l)" = 12 ] && ms_ok "12 rows (6 outputs x 2 parameters)" || ms_fail "$(tail -n +2 $csv | wc -l) rows, not 12"
for out in ard population:Tarsk "population:Costa Verde" arrivals:Tarsk:5:20; do
  grep -q "^$out,move_rules_camp_weight," $csv && ms_ok "row of $out" || ms_fail "no row of $out"
done
grep -q "^ard,move_rules_camp_weight,.*,6$" $csv && ms_ok "6 base points used" || ms_fail "ard row does not say 6 base points"
# Jansen's total-order index of the ARD from the members' own ARD attributes
for m in $(seq 0 23); do printf '%s\n' "$(ms_attr "$(printf 'sw/member_%06d.h5' "$m")" /ard)"; done >ards.txt
want=$(awk '{ y[NR - 1] = $1 } END {
  for (b = 0; b < 6; b++) { a = y[4 * b]; bb = y[4 * b + 3]; s += a + bb; ab[b] = y[4 * b + 2] }
  m = s / 12; for (b = 0; b < 6; b++) { d1 = y[4 * b] - m; d2 = y[4 * b + 3] - m; ss += d1 * d1 + d2 * d2 }
  v = ss / 11; for (b = 0; b < 6; b++) { d = y[4 * b] - ab[b]; st += d * d }
  printf "%.17g", st / 12 / v }' ards.txt)
got=$(awk -F, '$1 == "ard" && $2 == "move_rules_conflict_weight" { print $6 }' $csv)
if awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= 1e-9 * (b < 0 ? -b : b) + 1e-15) }'; then
  ms_ok "total-order index of conflict_weight on the ARD: $got, as recomputed ($want)"
else ms_fail "total-order index of conflict_weight on the ARD: '$got', recomputed $want"; fi
[ "$(ms_attr sw/sensitivity.h5 /code)" = migrasim-sensitivity ] && ms_ok "HDF5 file written" || ms_fail "sw/sensitivity.h5: no code attribute"
dims=$(h5dump -H -d /total_order sw/sensitivity.h5 2>/dev/null | sed -n 's/.*DATASPACE  *SIMPLE { ( \([0-9]*, [0-9]*\) ).*/\1/p')
[ "$dims" = "6, 2" ] && ms_ok "/total_order is 6 outputs x 2 parameters" || ms_fail "/total_order dims '$dims'"
grep -q "move_rules_conflict_weight" sa.out && ms_ok "the table names the parameters" || ms_fail "the table does not name the parameters"

# member 5 (base point 1) not done: its base point is left out, with a warning
cp -r sw sw_failed
sed -i 's/^5,done,/5,failed,/' sw_failed/status.csv
ms_exec 0 60 sa_failed "$MIGRASIM_SENSITIVITY" -sweep sw_failed -output ard -bootstrap 50
rc=$?
if [ $rc = 0 ] && grep -q "1 of 6 base points left out" sa_failed.err && grep -q "^ard,.*,5$" sw_failed/sensitivity.csv; then
  ms_ok "a failed member: its base point left out, with a warning"
else ms_fail "a failed member: exit $rc, base point not left out as expected"; ms_show sa_failed; fi

# not a Saltelli design, an unknown output
cp -r sw sw_sobol
sed -i '3s/^\([0-9]*,[0-9]*,[0-9]*,[0-9]*\),[^,]*,/\1,0.123,/' sw_sobol/design.csv
ms_exec 0 60 sa_sobol "$MIGRASIM_SENSITIVITY" -sweep sw_sobol
ms_expect_error "not a Saltelli design" sa_sobol $? 1 '^migrasim-sensitivity: error: sw_sobol/design.csv: point 1: .*not a Saltelli design'
ms_exec 0 60 sa_out "$MIGRASIM_SENSITIVITY" -sweep sw -output ard,nowhere
ms_expect_error "unknown output" sa_out $? 1 "^migrasim-sensitivity: error: option -output: 'nowhere' is not ard"
ms_exec 2 60 sa_opt "$MIGRASIM_SENSITIVITY" -sweep sw -bootstarp 50
ms_expect_error "a misspelt option" sa_opt $? 1 "^migrasim-sensitivity: error: option -bootstarp: unknown; did you mean -bootstrap?"
ms_finish
