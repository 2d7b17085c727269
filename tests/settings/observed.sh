#!/usr/bin/env bash
# settings_observed: the settings that change what is observed and inserted on day 0 (MODEL.md
# sections 6 and 7b): optimisations.hasten, spawn_rules.empty_camps_on_day0 and the column
# initial_idps, each on 1 and 3 ranks with the same /daily, and the observed series rebuilt
# alike by migrasim-validate and migrasim-compare from the run's recorded settings; and
# take_from_population in data-driven spawning.
#
# Scenario tests/settings/observed, days 0-4; columns of /daily/population Z C1 C2 Tw:
#   Z   a conflict zone (population 250), the only place that spawns after day 0
#   C1  a camp, initial_idps 7; observed 100 on day 0 and 500 on day 4: 100, 200, ..., 500
#   C2  a camp; observed 50 on day 0 and 90 on day 4: 50, 60, ..., 90
#   Tw  a town with initial_idps 3, which only camps take: a warning, nobody inserted
# The total (sum of the camps) grows by 110 a day, all spawned at Z; nobody moves.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

# --- the defaults: day 0 inserts the observed 100 and 50, and C1's 7 initial_idps ------------
set_run observed base $SET_STILL
ms_expect_table base.h5 /daily/population <<'T'
  0 107 50 0
110 107 50 0
220 107 50 0
330 107 50 0
440 107 50 0
T
ms_expect_table base.h5 /daily/spawned <<<'157 110 110 110 110'
if grep -q "warning: .*locations.csv:5: field 'initial_idps': 3 at 'Tw', a town, not inserted" base.out; then
  ms_ok "initial_idps of a town: one warning naming its line"
else
  ms_fail "initial_idps of a town: no warning"; ms_show base
fi

# --- hasten 10: populations and series divided, in whole people -------------------------------
# C1 10, 20, ..., 50; C2 5, 6, ..., 9 (90/10); the total 15, 26, 37, 48, 59: 11 a day at Z;
# C1's initial_idps 7/10 = 0.
set_run observed hasten $SET_STILL -optimisations_hasten 10
ms_expect_table hasten.h5 /daily/population <<'T'
 0 10 5 0
11 10 5 0
22 10 5 0
33 10 5 0
44 10 5 0
T
# the capacities that /locations records are the hastened populations: 10000 / 10
ms_expect_table hasten.h5 /locations/capacity <<<'0 1000 1000 0'

# --- empty_camps_on_day0: nobody on day 0, every series less its day-0 value -----------------
set_run observed empty $SET_STILL -spawn_rules_empty_camps_on_day0 true
ms_expect_table empty.h5 /daily/population <<'T'
  0 0 0 0
110 0 0 0
220 0 0 0
330 0 0 0
440 0 0 0
T
# Flee's out.csv: the observed columns count from day 0 (C1 data, C2 data, the UNHCR total)
ms_expect_eq "out.csv 'C1 data' with empty_camps_on_day0" \
  "$(awk -F, 'NR > 1 { printf "%s ", $4 }' empty.out.csv)" "0 100 200 300 400 "
ms_expect_eq "out.csv 'raw UNHCR refugee count' with empty_camps_on_day0" \
  "$(awk -F, 'NR > 1 { printf "%s ", $(NF - 2) }' empty.out.csv)" "0 110 220 330 440 "
# with the total series instead of the camps' sum: the same increments, from 0
set_run observed empty_total $SET_STILL -spawn_rules_empty_camps_on_day0 true -spawn_rules_sum_from_camps false
ms_expect_table empty_total.h5 /daily/spawned <<<'0 110 110 110 110'

# --- both, with population_scale 2 on top: series hastened, offset, then scaled ----------------
# C1 0, 10, 20, 30, 40 and C2 0, 1, 2, 3, 4: the total 0, 11, ... times 2: 22 a day
set_run observed both $SET_STILL -optimisations_hasten 10 -spawn_rules_empty_camps_on_day0 true -population_scale 2
ms_expect_table both.h5 /daily/spawned <<<'0 22 22 22 22'

# --- take_from_population: Z's population, 250, pays for its spawns ---------------------------
# day 1: 110 (140 left); day 2: 110 (30 left); day 3: 110 (0 left, 80 of them spawned beyond
# it: a warning); day 4: Z's spawn weight is 0, so the day's 110 wait (a warning)
set_run observed take $SET_STILL -spawn_rules_take_from_population true
ms_expect_table take.h5 /daily/spawned <<<'157 110 110 110 0'
ms_expect_cols take.h5 /daily/population 1 <<<$'0\n110\n220\n330\n330'
ms_expect_eq "take_from_population: the warning of agents spawned beyond a population" \
  "$(grep -c '^migrasim: warning: 80 agents were spawned where take_from_population had left no population' take.out)" 1
ms_expect_eq "take_from_population: the warning of a day whose spawns waited" \
  "$(grep -c '^migrasim: warning: 1 days on which the day.s new agents waited' take.out)" 1

# --- the tools rebuild the observed series as each run used them -------------------------------
for r in base hasten empty both; do
  val_run val_$r -run $r.h5 -csv val_$r.csv
  rc=$?
  if [ $rc -eq 0 ] && ! grep -q 'differs' val_$r.err && [ "$(ms_attr $r.h5 validation/ard)" = "$(ms_attr $r.h5 ard)" ]; then
    ms_ok "migrasim-validate of $r: the run's own ARD $(ms_attr $r.h5 ard)"
  else
    ms_fail "migrasim-validate of $r: exit $rc, ARD $(ms_attr $r.h5 validation/ard) vs the run's $(ms_attr $r.h5 ard)"
    ms_show val_$r
  fi
done
ms_exec 0 60 cmp "$MIGRASIM_COMPARE" empty.h5 empty.np3.h5
ms_expect_status "migrasim-compare of the empty run on 1 and 3 ranks" 0 $? cmp
ms_finish
