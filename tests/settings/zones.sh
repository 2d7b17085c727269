#!/usr/bin/env bash
# settings_zones: conflict-driven spawning (MODEL.md section 6) under the settings of section 7b
# that change it: the column conflict_intensity, and take_from_population (constant and
# pop_ratio modes). Each on 1 and 3 ranks with the same /daily; nobody moves.
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

# --- take_from_population, pop_ratio: floor(0.25 * population * intensity), the population as
# it stood at the start of the day, then lowered by the day's spawns --------------------------
# Z1 (1000, 0.5): 125 (875 left), 109 (766), 95 (671), 83 (588), 73
# Z2 (2000, 1, from day 1): 500 (1500), 375 (1125), 281 (844), 211
# Z3 (4000, 2): 2000 (2000), 1000 (1000), 500, 250, 125
set_run zones take $SET_STILL $CDS -spawn_rules_spawn_mode pop_ratio -spawn_rules_displaced_per_conflict_day 0.25 -spawn_rules_take_from_population true
ms_expect_table take.h5 /daily/population <<'T'
125    0 2000 0 0
234  500 3000 0 0
329  875 3500 0 0
412 1156 3750 0 0
485 1367 3875 0 0
T
# without it, the populations stay: 125, 500 and 2000 every day
set_run zones keep $SET_STILL $CDS -spawn_rules_spawn_mode pop_ratio -spawn_rules_displaced_per_conflict_day 0.25
ms_expect_table keep.h5 /daily/spawned <<<'2125 2625 2625 2625 2625'

# --- never below 0: displaced_per_conflict_day 1 ---------------------------------------------
# Z1: 500 (500 left), 250, 125, 62, 31; Z2: 2000 on day 1, all of it, then 0; Z3: 8000 on
# day 0, 4000 more than its 4000 (a warning), then 0
set_run zones drain $SET_STILL $CDS -spawn_rules_spawn_mode pop_ratio -spawn_rules_displaced_per_conflict_day 1 -spawn_rules_take_from_population true
ms_expect_table drain.h5 /daily/population <<'T'
500    0 8000 0 0
750 2000 8000 0 0
875 2000 8000 0 0
937 2000 8000 0 0
968 2000 8000 0 0
T
ms_expect_eq "the warning of agents spawned beyond a population" \
  "$(grep -c '^migrasim: warning: 4000 agents were spawned where take_from_population had left no population' drain.out)" 1
ms_finish
