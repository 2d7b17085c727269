#!/usr/bin/env bash
# format_design_numbers: design.csv of sobol and lhs sweeps holds each value in its shortest
# form: the Sobol point 3/8 of [0.05, 1] as 0.40625 (not 0.40624999999999994), no value with a
# run of 9s or 0s from binary rounding, lhs values to a millionth of the range (at most 7
# significant digits here) and still one per stratum; the sweep's log lines show the same text.
MS_NAME=format_design_numbers
. "$(dirname "$0")/../lib.sh"

cat >sobol.yml <<'YML'
sampler: sobol
points: 8
parameters:
  move_rules_camp_weight: [0.5, 4.0]
  move_rules_conflict_weight: [0.05, 1.0]
YML
sweep_run 2 120 sobol sobol.yml sw_sobol -days 3 -flee_csv none
ms_expect_status "sobol sweep" 0 $? sobol
grep -q ',0\.40625$' sw_sobol/design.csv && ms_ok "conflict_weight 3/8 of [0.05, 1] is 0.40625" || ms_fail "no 0.40625 in design.csv: $(cut -d, -f6 sw_sobol/design.csv | tr '\n' ' ')"
bad=$(tail -n +2 sw_sobol/design.csv | cut -d, -f5- | tr ',' '\n' | grep -E '9999|0000' | head -3)
[ -z "$bad" ] && ms_ok "no value with a rounding tail" || ms_fail "values with a rounding tail: $bad"
grep -q 'move_rules_conflict_weight=0.40625:' sobol.out && ms_ok "the log line shows 0.40625" || ms_fail "the log lines do not show 0.40625"

sed 's/sobol/lhs/' sobol.yml >lhs.yml
sweep_run 2 120 lhs lhs.yml sw_lhs -days 3 -flee_csv none
ms_expect_status "lhs sweep" 0 $? lhs
long=$(tail -n +2 sw_lhs/design.csv | cut -d, -f5- | tr ',' '\n' | awk '{ d = $1; gsub(/[-.]/, "", d); sub(/^0+/, "", d); if (length(d) > 7) print $1 }' | head -3)
[ -z "$long" ] && ms_ok "lhs values with at most 7 significant digits" || ms_fail "lhs values too long: $long"
strata=$(tail -n +2 sw_lhs/design.csv | awk -F, '{ print int(($5 - 0.5) / 3.5 * 8) }' | sort -u | wc -l)
[ "$strata" = 8 ] && ms_ok "lhs: camp_weight has one value in each of the 8 strata" || ms_fail "lhs: camp_weight fills $strata strata of 8"
ms_finish
