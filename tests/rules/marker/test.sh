# Rule test "marker": markers do not count as a hop and never end a path; a day's hops
# continue across locations (and ranks) while distance is left (MODEL.md sections 2, 3).
#
#   A (conflict_zone) -60 km- B (town) -70 km- M (marker) -80 km- D (camp)
#
# Awareness 1. A's one candidate is A->B. B's candidates are B->A (score 0 with
# conflict_weight 0) and B->M->D (the marker does not count as a hop and is no end point):
# everyone at B plans B->M->D. At M the agent still follows that plan (move chance 1,
# no choice), so no one ever turns back from M to B. 1000 agents a day at A. Days 0..3.
# Columns: population and arrivals A B M D; on_links A-B B-M M-D.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

# --- speed 200: A->B (60, 140 left) ->M (70, 70 left) -> 70 of M-D's 80 km; next day D --------
rule_run speed200 $RULE_OPTS -move_rules_max_move_speed 200 -seed 31
ms_expect_table speed200.h5 /daily/population <<'T'
0 0 0    0
0 0 0 1000
0 0 0 2000
0 0 0 3000
T
ms_expect_table speed200.h5 /daily/arrivals <<'T'
0 1000 1000    0
0 1000 1000 1000
0 1000 1000 1000
0 1000 1000 1000
T
ms_expect_table speed200.h5 /daily/on_links <<'T'
0 0 1000
0 0 1000
0 0 1000
0 0 1000
T

# --- speed 130: 60 + 70 = 130, the day ends exactly at the marker ------------------------------
# Day t: the new agents stop at M with 0 km left. Day t+1: they follow their plan B->M->D
# (a random choice at M would send some back to B, 70 km, which scores like D at 80 km),
# reaching D with 50 km left.
rule_run speed130 $RULE_OPTS -move_rules_max_move_speed 130 -seed 31
ms_expect_table speed130.h5 /daily/population <<'T'
0 0 1000    0
0 0 1000 1000
0 0 1000 2000
0 0 1000 3000
T
ms_expect_table speed130.h5 /daily/arrivals <<'T'
0 1000 1000    0
0 1000 1000 1000
0 1000 1000 1000
0 1000 1000 1000
T
ms_finish
