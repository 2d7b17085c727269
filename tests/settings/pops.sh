#!/usr/bin/env bash
# settings_pops: move chances scaled by population (movechance_pop_base and
# movechance_pop_scale_factor, MODEL.md section 7b), with and without take_from_population,
# on 1 and 3 ranks with the same /daily. The waiting times of agents are redrawn when their
# location's chance changes.
#
# Scenario tests/settings/pops, days 0-4; columns Z1 Z2 Cp. Both conflict zones spawn 10000
# agents a day (constant mode), whose move chance is 0.5 (conflict_movechance) times
# (population / 10000)^0.5, at most 1: 1 at Z1 (population 40000), 0.25 at Z2 (2500). A mover
# reaches the camp Cp (10 km) the same day and stays there.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

OPTS="$SET_STILL -move_rules_conflict_movechance 0.5 -move_rules_movechance_pop_scale_factor 0.5
 -spawn_rules_conflict_driven_spawning true -spawn_rules_displaced_per_conflict_day 10000"
# shellcheck disable=SC2086 # OPTS are words
set_run pops pop $OPTS
# day 0: all 10000 of Z1 move, and Binomial(10000, 0.25) of Z2's
a0=$(ms_cell pop.h5 /daily/arrivals 0 2)
ms_expect_eq "day 0: Z1 empty (chance capped at 1)" "$(ms_cell pop.h5 /daily/population 0 0)" 0
ms_expect_within "day 0: arrivals at Cp, 10000 + Binomial(10000, 0.25)" "$a0" 12500 "$(ms_binomial_halfwidth 10000 0.25 5)"
# the chances stay: on day 1, again all of Z1's and a quarter of Z2's (its 10000 new and the
# day-0 stayers)
stay=$(ms_cell pop.h5 /daily/population 0 1)
ms_expect_within "day 1: arrivals at Cp, 10000 + Binomial($((10000 + stay)), 0.25)" \
  "$(ms_cell pop.h5 /daily/arrivals 1 2)" "$(awk -v s="$stay" 'BEGIN { print 10000 + 0.25 * (10000 + s) }')" \
  "$(ms_binomial_halfwidth $((10000 + stay)) 0.25 5)"

# --- with take_from_population: day 1's chances from the populations after day 0's spawns ----
# Z1 30000: 0.5 * sqrt(3) = 0.866; Z2 0 (2500 - 10000, 7500 beyond): chance 0, so
# nobody leaves Z2 from day 1 on, not even those whose waiting time was drawn on day 0
# shellcheck disable=SC2086
set_run pops take $OPTS -spawn_rules_take_from_population true
stay=$(ms_cell take.h5 /daily/population 0 1)
ms_expect_within "day 0: Z2's stayers, Binomial(10000, 0.75)" "$stay" 7500 "$(ms_binomial_halfwidth 10000 0.75 5)"
ms_expect_within "day 1: arrivals at Cp, Binomial(10000, 0.866) from Z1 alone" \
  "$(ms_cell take.h5 /daily/arrivals 1 2)" 8660.254 "$(ms_binomial_halfwidth 10000 0.8660254 5)"
ms_expect_cols take.h5 /daily/population 2 <<<"$stay
$((stay + 10000))
$((stay + 20000))
$((stay + 30000))
$((stay + 40000))"
# beyond the populations: Z2 7500 on day 0 and 10000 a day after it, Z1 10000 on day 4
ms_expect_eq "the warning of agents spawned beyond a population" \
  "$(grep -c '^migrasim: warning: 57500 agents were spawned where take_from_population' take.out)" 1
ms_finish
