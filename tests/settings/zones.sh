#!/usr/bin/env bash
# settings_zones: conflict-driven spawning (MODEL.md section 6) under the settings of section 7b
# that change it: the column conflict_intensity, and take_from_population. Each on 1 and 3
# ranks with the same /daily; nobody moves.
#
# Scenario tests/settings/zones, days 0-4, no conflicts.csv; columns Z1 Z2 Z3 Tw Cp:
#   Z1  conflict zone from day 0, population 1000, conflict_intensity 0.5
#   Z2  conflict zone from day 1, population 2000, no conflict_intensity (1)
#   Z3  conflict zone from day 0, population 4000, conflict_intensity 2
#   Tw  a town with conflict_intensity 3: no rule reads it (a warning)
#   Cp  a camp
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

CDS="-spawn_rules_conflict_driven_spawning true"

# --- conflict_intensity: constant mode spawns floor(100 * intensity) a day ---------------------
# Z1 50, Z2 100 from day 1, Z3 200
set_run zones intensity $SET_STILL $CDS -spawn_rules_displaced_per_conflict_day 100
ms_expect_table intensity.h5 /daily/population <<'T'
 50   0  200 0 0
100 100  400 0 0
150 200  600 0 0
200 300  800 0 0
250 400 1000 0 0
T
if grep -q "warning: .*locations.csv:5: field 'conflict_intensity': 3 at 'Tw' has no effect (not a conflict zone)" intensity.out; then
  ms_ok "conflict_intensity of a town: one warning naming its line"
else
  ms_fail "conflict_intensity of a town: no warning"; ms_show intensity
fi
ms_finish
