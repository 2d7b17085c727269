#!/usr/bin/env bash
# calibrate_priors: a calibration's priors are the design file's ranges, and POUNDERS keeps to
# them and to its evaluation limit. A sobol sweep (8 points over camp_weight [0.5, 4] and
# conflict_weight [0.05, 1], 20 days of the default scenario) leaves design.yml beside
# design.csv; migrasim-calibrate's lower and upper are then 0.5, 4 and 0.05, 1 (not the extent
# of design.csv), the Markdown summary says where they come from; POUNDERS with a limit of 5
# evaluations runs at most 5 simulations per replicate, returns a point inside the priors whose
# ARD is no worse than at its start (its first evaluation, same seeds), and the summary says
# how it ended. The camp table's relative error is the last day's.
MS_NAME=calibrate_priors
. "$(dirname "$0")/../lib.sh"

cat >design.yml <<'YML'
sampler: sobol
points: 8
parameters:
  move_rules_camp_weight: [0.5, 4.0]
  move_rules_conflict_weight: [0.05, 1.0]
YML
sweep_run 2 120 sweep design.yml sw -days 20 -flee_csv none
rc=$?
if [ $rc -ne 0 ]; then ms_fail "sweep exited with $rc"; ms_show sweep; ms_finish; fi
cmp -s design.yml sw/design.yml && ms_ok "the sweep keeps its design file as sw/design.yml" || ms_fail "no copy of the design file in sw/"

field() { awk -F, -v p="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } $1 == p { print $c }' "$1"; }
cal_run 0 60 abc -sweep sw -accept_fraction 0.25 -output abc.h5
ms_expect_status "ABC" 0 $? abc
got="$(field abc.csv move_rules_camp_weight lower) $(field abc.csv move_rules_camp_weight upper) $(field abc.csv move_rules_conflict_weight lower) $(field abc.csv move_rules_conflict_weight upper)"
[ "$got" = "0.5 4 0.05 1" ] && ms_ok "priors are the design's ranges: $got" || ms_fail "priors '$got', not the design's 0.5 4 0.05 1"
grep -q '^- Priors: the ranges of sw/design.yml' abc.md && ms_ok "the summary names the priors' source" || ms_fail "the summary does not say the priors come from sw/design.yml"
grep -q 'relative error of the best member that day' abc.md && ms_ok "camp table: the last day's relative error, so named" || ms_fail "camp table column not renamed"

cal_run 1 300 pd -sweep sw -accept_fraction 0.25 -method pounders -replicates 1 -pounders_max_funcs 5 -output pd.h5
rc=$?
ms_expect_status "POUNDERS" 0 $rc pd
n=$(grep -c '^pounders: evaluation' pd.out)
[ "$n" -ge 1 ] && [ "$n" -le 5 ] && ms_ok "POUNDERS: $n evaluations, within the limit of 5" || ms_fail "POUNDERS: $n evaluations with a limit of 5"
line=$(grep '^  - returned: ' pd.md)
best=$(printf '%s\n' "$line" | sed -n 's/.*seen (evaluation [0-9]*): ARD \([^ ]*\) rescaled.*/\1/p')
start=$(printf '%s\n' "$line" | sed -n 's/.*same replicates): ard \([^,]*\),.*/\1/p')
if [ -n "$best" ] && [ -n "$start" ] && awk -v b="$best" -v s="$start" 'BEGIN { exit !(b <= s) }'; then
  ms_ok "POUNDERS returns a point no worse than its start (ARD $best <= $start)"
else ms_fail "POUNDERS: best '$best' against start '$start' ($line)"; fi
cw=$(field pd.csv move_rules_camp_weight pounders)
fw=$(field pd.csv move_rules_conflict_weight pounders)
awk -v a="$cw" -v b="$fw" 'BEGIN { exit !(a != "" && b != "" && a >= 0.5 && a <= 4 && b >= 0.05 && b <= 1) }' &&
  ms_ok "POUNDERS' point ($cw, $fw) lies within the priors" || ms_fail "POUNDERS' point ($cw, $fw) outside the priors"
grep -qE '^- POUNDERS \(TAO\) from member [0-9]+: [A-Z_]+ after [0-9]+ evaluations \(limit 5\) of 1 replicate\(s\): (it|its) ' pd.md &&
  ms_ok "the summary says how POUNDERS ended and what it means" || ms_fail "no ending sentence in pd.md: $(grep POUNDERS pd.md)"
ms_finish
