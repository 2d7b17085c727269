#!/usr/bin/env bash
# validate_run_default: migrasim-validate recomputes, from a run's HDF5 file and the scenario's
# source_data/, exactly the ARD the run wrote itself (attribute ard, bit for bit), also when
# the observed series are scaled (-population_scale, read back from the file's settings) and
# held flat past the scenario's Length (-days 190 of 180). /validation holds every dataset of
# docs/validation-metrics.md, the CSV one row per camp and a total row, and a second pass
# replaces /validation (same figures) instead of failing.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

check_run() # NAME RUN-ARGS...
{
  local name=$1 log=$1 own ard ardu csvard csvardu rows
  shift
  ms_run_ok 2 60 "$log" -scenario "$MS_DEFAULT" -output "$log.h5" "$@" || return
  val_run "$log.val" -run "$log.h5"
  if [ $? -ne 0 ]; then ms_fail "$name: migrasim-validate failed"; ms_show "$log.val"; return; fi
  own=$(ms_attr "$log.h5" /ard)
  ard=$(ms_attr "$log.h5" /validation/ard)
  if [ -n "$own" ] && [ "$own" = "$ard" ]; then ms_ok "$name: ARD $ard equals the run's own"
  else ms_fail "$name: ARD '$ard' is not the run's own '$own'"; fi
  own=$(ms_attr "$log.h5" /ard_unrescaled)
  ardu=$(ms_attr "$log.h5" /validation/ard_unrescaled)
  if [ -n "$own" ] && [ "$own" = "$ardu" ]; then ms_ok "$name: unrescaled ARD $ardu equals the run's own"
  else ms_fail "$name: unrescaled ARD '$ardu' is not the run's own '$own'"; fi
  # the table beside the file: header, 5 camps, total
  csv=$log.validation.csv
  rows=$(wc -l <"$csv" 2>/dev/null)
  if [ "$rows" = 7 ]; then ms_ok "$name: $csv has 7 lines"; else ms_fail "$name: $csv has '$rows' lines, not 7 (header, 5 camps, total)"; fi
  csvard=$(val_csv_field "$csv" "" total ard)
  csvardu=$(val_csv_field "$csv" "" total ard_unrescaled)
  if ms_same_number "$csvard" "$ard" && ms_same_number "$csvardu" "$ardu"; then ms_ok "$name: the CSV's total row holds the ARD"
  else ms_fail "$name: the CSV's total row has ard '$csvard', ard_unrescaled '$csvardu', not $ard, $ardu"; fi
  # the camps' shares add up to the ARD
  if awk -F, -v a="$ard" 'NR > 1 && $5 != "total" { s += $6 } END { d = s - a; exit !(d < 1e-12 && d > -1e-12) }' "$csv"; then ms_ok "$name: the camps' ARD shares add up to the ARD"
  else ms_fail "$name: the camps' ARD shares do not add up to $ard"; fi
}

check_run plain -seed 4
check_run scaled -seed 5 -population_scale 2 -days 190

# /validation's layout
log=plain
for d in camp location ard ard_unrescaled rel_error_mean rel_error_last mase rel_error_days ard_daily ard_unrescaled_daily rel_error observed; do
  n=$(ms_rows "$log.h5" "/validation/$d")
  [ -n "$n" ] || ms_fail "/validation/$d is missing"
done
[ "$(ms_rows "$log.h5" /validation/ard_daily)" = 180 ] || ms_fail "/validation/ard_daily does not have 180 rows"
[ "$(ms_rows "$log.h5" /validation/mase)" = 5 ] || ms_fail "/validation/mase does not have 5 rows"
for a in ard ard_unrescaled rel_error_mean rel_error_last mase metrics_version mase_lag days scenario; do
  [ -n "$(ms_attr "$log.h5" "validation/$a")" ] || ms_fail "attribute /validation/$a is missing"
done
[ "$(ms_attr "$log.h5" validation/mase_lag)" = 30 ] || ms_fail "/validation/mase_lag is not 30"
# the observed series stored equal the run's own out.csv 'data' column (Tarsk is the first camp)
got=$(ms_cell "$log.h5" /validation/observed 100 0)
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "Tarsk data") c = i; next } $1 == 100 { print $c }' "$log.out.csv")
if [ -n "$want" ] && [ "$got" = "$want" ]; then ms_ok "observed Tarsk on day 100 = $got, as the run's out.csv"
else ms_fail "observed Tarsk on day 100 is '$got', the run's out.csv says '$want'"; fi
ms_ok "/validation has its datasets and attributes"

# a second pass replaces /validation, and -scenario given explicitly changes nothing
before=$(ms_attr "$log.h5" /validation/ard)
val_run "$log.again" -run "$log.h5" -scenario "$MS_DEFAULT" -csv again.csv
rc=$?
after=$(ms_attr "$log.h5" /validation/ard)
if [ $rc -eq 0 ] && [ "$before" = "$after" ] && [ -s again.csv ]; then ms_ok "a second pass (-scenario, -csv) replaces /validation with the same figures"
else ms_fail "a second pass: exit $rc, ARD '$before' then '$after'"; ms_show "$log.again"; fi
ms_finish
