# Rule test "line": multi-hop days and the end of a day's distance (MODEL.md sections 2, 3).
#
#   A (conflict_zone, from day 0) --100 km-- B (town) --150 km-- C (camp)
#
# RULE_OPTS: A spawns 1000 agents a day; every agent outside a camp moves (conflict and
# default move chance 1), nobody leaves the camp (camp_movechance 0), and A scores 0
# (conflict_weight 0), so an agent at B always takes B->C: weight 1/(10+150) > 0 against
# 0/(10+100) back to A. Every outcome is therefore deterministic.
# Columns: population and arrivals A B C; on_links A-B B-C; days 0..4.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

# --- speed 200 ---------------------------------------------------------------------------
# Day t: the 1000 new agents walk A->B (100 km), arrive at B with 100 km left (an arrival
# at B, passing through), choose B->C and cover 100 of its 150 km: on link B-C at the end
# of the day. Day t+1: they need 50 km more, arrive at C with 150 km left and stay (camp).
# So C holds 1000*t at the end of day t, B and A are always empty, link B-C always holds
# the day's 1000 newcomers, B counts 1000 arrivals a day, C 1000 from day 1 on.
rule_run speed200 $RULE_OPTS -move_rules_max_move_speed 200 -seed 1
ms_expect_table speed200.h5 /daily/population <<'T'
0 0 0
0 0 1000
0 0 2000
0 0 3000
0 0 4000
T
ms_expect_table speed200.h5 /daily/arrivals <<'T'
0 1000 0
0 1000 1000
0 1000 1000
0 1000 1000
0 1000 1000
T
ms_expect_table speed200.h5 /daily/on_links <<'T'
0 1000
0 1000
0 1000
0 1000
0 1000
T
ms_expect_table speed200.h5 /daily/spawned <<'T'
1000 1000 1000 1000 1000
T

# --- speed 100: an arrival with 0 km left ends the day, even where the move chance is 1 --
# Day t: new agents reach B with exactly 0 km left and stop there (population of B).
# Day t+1: they leave B (move chance 1) and cover 100 of B-C's 150 km.
# Day t+2: they arrive at C with 50 km left and stay. C = 1000*(t-1) from day 2 on.
rule_run speed100 $RULE_OPTS -move_rules_max_move_speed 100 -seed 1
ms_expect_table speed100.h5 /daily/population <<'T'
0 1000 0
0 1000 0
0 1000 1000
0 1000 2000
0 1000 3000
T
ms_expect_table speed100.h5 /daily/arrivals <<'T'
0 1000 0
0 1000 0
0 1000 1000
0 1000 1000
0 1000 1000
T
ms_expect_table speed100.h5 /daily/on_links <<'T'
0 0
0 1000
0 1000
0 1000
0 1000
T

# --- speed 250: both hops in one day, the second ending with exactly 0 km left ---------------
# 100 + 150 = 250: every agent reaches C on its spawn day; C = 1000*(t+1), nobody on a link.
rule_run speed250 $RULE_OPTS -move_rules_max_move_speed 250 -seed 1
ms_expect_table speed250.h5 /daily/population <<'T'
0 0 1000
0 0 2000
0 0 3000
0 0 4000
0 0 5000
T
ms_expect_table speed250.h5 /daily/arrivals <<'T'
0 1000 1000
0 1000 1000
0 1000 1000
0 1000 1000
0 1000 1000
T
ms_expect_table speed250.h5 /daily/on_links <<'T'
0 0
0 0
0 0
0 0
0 0
T
ms_finish
