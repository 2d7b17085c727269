#!/usr/bin/env bash
# validate_run_shared: on a real Flee scenario (mali, with Flee's validation profile
# simsetting-validation.yml and its registration corrections), the ARD that
# migrasim-validate recomputes from the output equals the run's own, bit for bit, and every
# camp of data_layout.csv found in locations.csv gets a row. 100 days keep the test short.
# Skipped (77) without ../shared/data/flee.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump
ms_need_shared
scn=$MS_FLEE/mali
[ -d "$scn/source_data" ] || ms_skip "$scn/source_data not found"

log=mali
ms_must_run 2 100 $log -scenario "$scn" -output $log.h5 -seed 11 -days 100 -settings "$MS_VALIDATION_YML"
val_run "$log.val" -run "$log.h5"
rc=$?
if [ $rc -ne 0 ]; then ms_fail "migrasim-validate exited with $rc"; ms_show "$log.val"; ms_finish; fi
for a in ard ard_unrescaled; do
  own=$(ms_attr "$log.h5" "/$a")
  got=$(ms_attr "$log.h5" "/validation/$a")
  if [ -n "$own" ] && [ "$own" = "$got" ]; then ms_ok "mali: $a $got equals the run's own"
  else ms_fail "mali: $a '$got' is not the run's own '$own'"; fi
done
# as many camp rows as the run's out.csv has camps
ncamps=$(head -n 1 "$log.out.csv" | tr ',' '\n' | grep -c ' sim$')
rows=$(awk -F, 'NR > 1 && $5 != "total"' "$log.validation.csv" | wc -l)
if [ "$rows" = "$ncamps" ] && [ "$ncamps" -gt 0 ]; then ms_ok "mali: $rows camp rows, as out.csv's camps"
else ms_fail "mali: $rows camp rows in the table, out.csv has $ncamps camps"; fi
grep -q ',nan,' "$log.validation.csv" && echo "note: some figures are undefined (nan): $(grep -c ',nan,' "$log.validation.csv") rows"
ms_finish
