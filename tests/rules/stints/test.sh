# Rule test "stints": avoid_short_stints (MODEL.md section 3): an agent that arrives at a
# town with distance left moves on with chance 1 when (r + m/max_move_speed)/2 < 0.5, m the
# km moved today, r its recent-travel average (0 for a new agent, r = (r + m/speed)/2 at
# the end of each day); otherwise the town's move chance applies, here 0.
#
#   A1 (conflict) -300- B1 (town) -150- C1 (camp)
#   A2 (conflict) -250- B2 (town) -150- C2 (camp)
#
# Speed 200, 1000 new agents a day at A1 and at A2. Day s (spawn day): 200 km along A-B,
# r = (0 + 200/200)/2 = 0.5. Day s+1:
#   A1: arrives at B1 after m = 100 km, (0.5 + 0.5)/2 = 0.5, not < 0.5: move chance 0,
#       it stays at B1 for good.
#   A2: arrives at B2 after m = 50 km, (0.5 + 0.25)/2 = 0.375 < 0.5: moves on, B2->C2
#       (150 km, exactly the distance left) and stays at C2.
# (A back at A scores 0: conflict_weight 0.) Days 0..3; columns A1 B1 C1 A2 B2 C2.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

rule_run stints $RULE_OPTS -move_rules_max_move_speed 200 -move_rules_default_movechance 0 -move_rules_avoid_short_stints true -seed 61
ms_expect_table stints.h5 /daily/population <<'T'
0    0 0 0 0    0
0 1000 0 0 0 1000
0 2000 0 0 0 2000
0 3000 0 0 0 3000
T
ms_expect_table stints.h5 /daily/arrivals <<'T'
0    0 0 0    0    0
0 1000 0 0 1000 1000
0 1000 0 0 1000 1000
0 1000 0 0 1000 1000
T
ms_finish
