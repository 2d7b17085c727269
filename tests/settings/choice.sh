#!/usr/bin/env bash
# settings_choice: route choice under use_pop_for_loc_weight and stay_close_to_home (MODEL.md
# section 7b), on 1 and 3 ranks with the same /daily.
#
# Scenario tests/settings/choice: O, a conflict zone at (0, 0), spawns 20000 agents a day, who
# all move (conflict_movechance 1) to one of three ends 50 km away, where they stay:
#   T1  a town at (0, 0.1): 11.12 km from O on the great circle; population 100
#   T2  a town at (0, 0.4): 44.48 km; population 10000
#   Cp  a camp at (0, 0.2): 22.24 km
# Every score is 1 and every path as long, so the ends share the day-0 arrivals (columns 1-3 of
# /daily/arrivals) in proportion to the factors of the rules on their scores.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5diff

OPTS="$SET_STILL -move_rules_conflict_movechance 1 -spawn_rules_conflict_driven_spawning true
 -spawn_rules_displaced_per_conflict_day 20000"

# shares NAME S1 S2 S3: the day-0 arrivals at T1, T2, Cp are 20000 times the shares
# S1/S, S2/S, S3/S (S their sum), each within 5 binomial standard deviations
shares()
{
  local name=$1 s k p
  s=$(awk -v a="$2" -v b="$3" -v c="$4" 'BEGIN { print a + b + c }')
  set -- "$2" "$3" "$4"
  for k in 1 2 3; do
    p=$(awk -v x="${!k}" -v s="$s" 'BEGIN { printf "%.10f", x / s }')
    ms_expect_within "$name: day-0 arrivals at $(echo T1 T2 Cp | cut -d' ' -f$k) (share $p)" \
      "$(ms_cell "$name.h5" /daily/arrivals 0 "$k")" "$(awk -v p="$p" 'BEGIN { print 20000 * p }')" \
      "$(ms_binomial_halfwidth 20000 "$p" 5)"
  done
}

# shellcheck disable=SC2086 # OPTS are words
set_run choice plain $OPTS
shares plain 1 1 1
# use_pop_for_loc_weight, power 0.5: towns times sqrt(population), 10 and 100; the camp not
# shellcheck disable=SC2086
set_run choice pop $OPTS -move_rules_use_pop_for_loc_weight true -move_rules_pop_power_for_loc_weight 0.5
shares pop 10 100 1
# stay_close_to_home, power 1: each end times 1 / its distance from O: 4 : 1 : 2
# shellcheck disable=SC2086
set_run choice home $OPTS -move_rules_stay_close_to_home true -move_rules_home_distance_power 1
shares home 4 1 2
# both: 40 : 100 : 2
# shellcheck disable=SC2086
set_run choice both $OPTS -move_rules_stay_close_to_home true -move_rules_home_distance_power 1 -move_rules_use_pop_for_loc_weight true -move_rules_pop_power_for_loc_weight 0.5
shares both 40 100 2
ms_finish
