# Rule test "awareness": path choice over two hops and the following of a planned route
# (MODEL.md section 3).
#
#   Near (camp) -150 km- A (conflict_zone) -100 km- T (town, in the foreign Yland)
#                                                   -100 km- Far (camp, capacity 100)
#
# foreign_weight 0 gives T a score of 0 and softening 0, distance_power 1 make weights
# score/D. Speed 100 and town move chance 0: an agent at T moves on only while it still
# follows a planned route (then with chance 1). 10000 agents a day at A (5 sd of a
# day's share: 0.025). Days 0..4.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

OPTS="$RULE_OPTS -spawn_rules_displaced_per_conflict_day 10000 -move_rules_max_move_speed 100 -move_rules_default_movechance 0 -move_rules_foreign_weight 0
 -move_rules_softening 0 -move_rules_distance_power 1"
# capacity_scaling 0 makes every capacity below 1: no capacity anywhere
UNLIMITED="-move_rules_capacity_scaling 0"

# --- awareness 1: A's candidates are A->T (weight 0/100) and A->Near (1/150) -----------------
# Everyone takes A->Near: 100 km on day t, arrives at Near on day t+1 (50 km left, stays).
# Far, two hops away, is out of sight.
if [ "$RANKS" -eq 1 ]; then # (on more ranks only the awareness-2 runs)
  rule_run aware1 $OPTS $UNLIMITED -move_rules_awareness_level 1 -seed 21
  # columns: A T Far Near
  ms_expect_table aware1.h5 /daily/population <<'T'
0 0 0    0
0 0 0 10000
0 0 0 20000
0 0 0 30000
0 0 0 40000
T
fi

# --- awareness 2: the farther camp through the town -------------------------------------------
# Candidates A->T (0/100), A->T->Far (1/200), A->Near (1/150): P(Far) = (1/200) /
# (1/200 + 1/150) = 3/7. Day t: X_t ~ Binomial(10000, 3/7) agents reach T with 0 km left and
# stop there; the rest are 100 km along A-Near. Day t+1: those X_t still follow their plan
# and leave T with chance 1 (although T's move chance is 0), reaching Far with 0 km left:
#   population T(t) = arrivals T(t) = X_t,  arrivals Far(t+1) = X_t,
#   on link A-Near(t) = 10000 - X_t,  arrivals Near(t+1) = 10000 - X_t.
check_aware2() { # NAME
  local name=$1 hw x
  hw=$(ms_binomial_halfwidth 10000 "$(awk 'BEGIN {print 3 / 7}')" 5)
  for ((t = 0; t < 5; t++)); do
    x=$(ms_cell "$name.h5" /daily/population $t 1)
    ms_expect_within "$name day $t: agents stopped at T (X_t)" "$x" "$(awk 'BEGIN {print 30000 / 7}')" "$hw"
    ms_expect_eq "$name day $t: arrivals at T, on link A-Near" "$(ms_cell "$name.h5" /daily/arrivals $t 1) $(ms_cell "$name.h5" /daily/on_links $t 2)" "$x $((10000 - x))"
    if [ $t -lt 4 ]; then
      ms_expect_eq "$name day $((t + 1)): arrivals at Far and Near" "$(ms_cell "$name.h5" /daily/arrivals $((t + 1)) 2) $(ms_cell "$name.h5" /daily/arrivals $((t + 1)) 3)" "$x $((10000 - x))"
    fi
  done
  ms_expect_eq "$name day 4: everyone spawned is at a location or on a link" \
    "$(($(ms_table "$name.h5" /daily/population | sed -n 5p | awk '{print $1 + $2 + $3 + $4}') + $(ms_table "$name.h5" /daily/on_links | sed -n 5p | awk '{print $1 + $2 + $3}')))" 50000
}
rule_run aware2 $OPTS $UNLIMITED -move_rules_awareness_level 2 -seed 22
check_aware2 aware2

# --- awareness 2, Far with capacity 100 (buffer 0.9): a plan to a full camp is dropped ------
# Day 0 as above: X_0 stop at T planning Far. Day 1: Far starts empty (multiplier 1): the X_0
# go on to Far, which ends the day with X_0 ~ 4286 >= 100; the day's X_1 chose Far at
# multiplier 1 and stop at T. Day 2 on: Far's multiplier is 0 < 0.5, so the X_1 drop their
# plan and, at a town of move chance 0, stay at T for good; the new agents see Far at
# weight 0 and all take A->Near. So: T = X_1 and Far = X_0 from day 2 on, no arrivals at
# Far or T after day 1, Near receives 10000 a day from day 3 on.
rule_run full $OPTS -move_rules_capacity_buffer 0.9 -move_rules_awareness_level 2 -seed 22
x0=$(ms_cell full.h5 /daily/population 0 1)
x1=$(ms_cell full.h5 /daily/population 1 1)
ms_expect_eq "full: day-0 choices as in the unlimited run with the same seed (X_0)" "$x0" "$(ms_cell aware2.h5 /daily/population 0 1)"
ms_expect_eq "full day 1: T, Far" "$(ms_cell full.h5 /daily/population 1 1) $(ms_cell full.h5 /daily/population 1 2)" "$x1 $x0"
for t in 2 3 4; do
  ms_expect_eq "full day $t: T, Far, arrivals at T and Far" \
    "$(ms_cell full.h5 /daily/population $t 1) $(ms_cell full.h5 /daily/population $t 2) $(ms_cell full.h5 /daily/arrivals $t 1) $(ms_cell full.h5 /daily/arrivals $t 2)" "$x1 $x0 0 0"
done
ms_expect_eq "full day 3, 4: arrivals at Near" "$(ms_cell full.h5 /daily/arrivals 3 3) $(ms_cell full.h5 /daily/arrivals 4 3)" "10000 10000"

if [ "$RANKS" -gt 1 ]; then
  rule_run_np 1 aware2_np1 $OPTS $UNLIMITED -move_rules_awareness_level 2 -seed 22
  ms_expect_same_tables aware2.h5 aware2_np1.h5 /daily/population /daily/arrivals /daily/on_links
fi
ms_finish
