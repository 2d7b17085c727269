#!/usr/bin/env bash
# settings_sinks: camps_are_sinks (MODEL.md section 7b) with the column deactivation_probability:
# each day an agent resting in a camp leaves the simulation with the camp's probability,
# decided before its move; the agents removed per location and day in /daily/removed; the
# conservation invariant (agents = spawned - removed) every day. On 1 and 3 ranks, and on 2
# with work stealing, the same /daily; a sweep may vary the setting.
#
# Scenario tests/settings/sinks, days 0-4; columns Cp Cq Cz T; everyone is inserted on day 0
# (initial_idps); camps are left with chance 0.2 a day (camp_movechance, idpcamp_movechance)
# for the town T, 10 km away, where agents stay:
#   Cp  a camp, 100000 agents, deactivation_probability 0.1: each day 10 % leave the
#       simulation, and of the others 20 % move: 18 % of those resting there
#   Cq  an IDP camp, 1000 agents, deactivation_probability 1: all leave on day 0 (a tie of the
#       two clocks: leaving comes first), none moves
#   Cz  a camp, 5000 agents, no deactivation_probability (0): nobody leaves
#   T   a town with deactivation_probability 0.5: only camps are sinks (a warning)
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

OPTS="-move_rules_camp_movechance 0.2 -move_rules_idpcamp_movechance 0.2 -move_rules_default_movechance 0"
# shellcheck disable=SC2086 # OPTS are words
set_run sinks on $OPTS -spawn_rules_camps_are_sinks true
ms_expect_cols on.h5 /daily/removed 2-4 <<'T'
1000 0 0
0 0 0
0 0 0
0 0 0
0 0 0
T
r0=$(ms_cell on.h5 /daily/removed 0 0)
p0=$(ms_cell on.h5 /daily/population 0 0)
ms_expect_within "day 0: removed at Cp, Binomial(100000, 0.1)" "$r0" 10000 "$(ms_binomial_halfwidth 100000 0.1 5)"
ms_expect_within "day 0: moved from Cp, Binomial(100000, 0.9 * 0.2)" "$((100000 - r0 - p0))" 18000 "$(ms_binomial_halfwidth 100000 0.18 5)"
ms_expect_within "day 1: removed at Cp, Binomial($p0, 0.1)" "$(ms_cell on.h5 /daily/removed 1 0)" \
  "$(awk -v n="$p0" 'BEGIN { print 0.1 * n }')" "$(ms_binomial_halfwidth "$p0" 0.1 5)"
# agents = spawned - removed, day by day (nobody ends a day on the 10 km links)
bad=""
spawned=0 removed=0
for t in 0 1 2 3 4; do
  spawned=$((spawned + $(ms_cell on.h5 /daily/spawned 0 $t)))
  removed=$((removed + $(ms_sum on.h5 /daily/removed $t)))
  [ "$(ms_sum on.h5 /daily/population $t)" = $((spawned - removed)) ] || bad="$bad $t"
done
ms_expect_eq "days on which the agents are not spawned - removed" "$bad" ""
if grep -q "field 'deactivation_probability': 0.5 at 'T', a town, has no effect" on.out; then
  ms_ok "deactivation_probability of a town: one warning"
else
  ms_fail "deactivation_probability of a town: no warning"; ms_show on
fi

# work stealing: a partner that steps a rank's awake agents leaves the leavers to their owner
# shellcheck disable=SC2086
ms_must_run 2 120 steal -scenario "$MS_TESTS/settings/sinks" -seed 7 $OPTS -spawn_rules_camps_are_sinks true \
  -partition location -steal true -steal_min 1 -step_block 8 -output steal.h5 -flee_csv none
ms_same on.h5 steal.h5 "2 ranks stealing vs 1 rank" /daily

# Flee reads the key misspelt, camps_are_sicks: the same run from a settings file
printf 'spawn_rules:\n  camps_are_sicks: true\n' >sicks.yml
# shellcheck disable=SC2086
ms_must_run 0 120 sicks -scenario "$MS_TESTS/settings/sinks" -seed 7 $OPTS -settings sicks.yml -output sicks.h5 -flee_csv none
ms_same on.h5 sicks.h5 "spawn_rules.camps_are_sicks in a settings file" /daily

# off (the default): nobody leaves, and the output has no /daily/removed
# shellcheck disable=SC2086
set_run sinks off $OPTS
ms_expect_eq "/daily/removed without camps_are_sinks" "$(ms_rows off.h5 /daily/removed)" ""
ms_expect_eq "agents on day 4 without camps_are_sinks" "$(ms_sum off.h5 /daily/population 4)" 106000

# sweepable: a design that varies camps_are_sinks, on 2 ranks of one rank each
printf 'sampler: list\nparameters:\n  spawn_rules_camps_are_sinks: [true, false]\n' >design.yml
# shellcheck disable=SC2086
ms_must_run 2 120 sweep -scenario "$MS_TESTS/settings/sinks" $OPTS -sweep design.yml -ranks_per_member 1 \
  -sweep_output sweep -flee_csv none
ms_expect_eq "sweep member 0 (camps_are_sinks true): agents removed on day 0 at Cq" \
  "$(ms_cell sweep/member_000000.h5 /daily/removed 0 1)" 1000
ms_expect_eq "sweep member 1 (false): no /daily/removed" "$(ms_rows sweep/member_000001.h5 /daily/removed)" ""
ms_finish
