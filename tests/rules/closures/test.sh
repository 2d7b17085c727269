# Rule test "closures": closures of links, countries, locations and camps (MODEL.md
# section 5, and section 3 "Travel": a closed far end sends an agent back to the link's
# start for the day), in seven independent two-location components An--Cn (An a conflict
# location, Cn a camp). conflicts.csv makes every An spawn 1000 agents on day 0 only,
# except A5 (every day) and A7 (days 0 and 1); an An at intensity 0 is a town, where
# the move chance is 1 as well (RULE_OPTS). Speed 200 km/day; a closure is active on days
# start <= t < end, never lifted when end <= start. Days 0..5.
#
#  1  A1 -300- C1, link A1-C1 closed days 1-2. Day 0: 200 km along. Day 1: would arrive,
#     the link is closed: back at A1 (no arrival). Day 2: no open path, stay at A1.
#     Day 3: 200 km along. Day 4: arrive at C1.
#  2  A2 -500- C2, link closed days 1-2 (named C2,A2: either order). Day 0: 200 km.
#     Day 1: 400 km - the closure does not stop agents that do not reach the far end.
#     Day 2: would arrive: back at A2. Days 3, 4: 200, 400 km. Day 5: arrive at C2.
#  3  A3 (Xland) -100- C3 (Yland), country closure Yland,Xland days 0-1 (both ways).
#     Stay at A3 days 0 and 1, arrive at C3 on day 2.
#  4  A4 -100- C4, link closed days 0-2 and (overlapping, inside) days 1-1. Closures are
#     counted, not toggled: the end of the inner one does not reopen the link on day 2.
#     Stay at A4 days 0-2, arrive at C4 on day 3.
#  5  A5 -100- C5, A5 spawns every day, link closed from day 2 and never lifted (2,1).
#     Days 0, 1: the day's 1000 reach C5. From day 2 on everyone new stays at A5.
#  6  A6 -100- C6, location closure of A6 on day 0 only: stay on day 0, C6 on day 1.
#  7  A7 -300- C7, camp closure of C7 days 1-2, A7 spawns on days 0 and 1. Day 0: 200 km
#     along. Day 1: the agents on the link still arrive (a camp closure closes no link);
#     the new 1000 have no candidate path (the only one ends at the closed camp) and stay.
#     Day 2: still closed, stay. Day 3: 200 km along. Day 4: arrive: C7 = 2000.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

rule_run speed200 $RULE_OPTS -move_rules_max_move_speed 200 -seed 3
# columns:        A1   C1   A2   C2   A3   C3   A4   C4   A5   C5   A6   C6   A7   C7
ms_expect_table speed200.h5 /daily/population <<'T'
                   0    0    0    0 1000    0 1000    0    0 1000 1000    0    0    0  # day 0
                1000    0    0    0 1000    0 1000    0    0 2000    0 1000 1000 1000  # day 1
                1000    0 1000    0    0 1000 1000    0 1000 2000    0 1000 1000 1000  # day 2
                   0    0    0    0    0 1000    0 1000 2000 2000    0 1000    0 1000  # day 3
                   0 1000    0    0    0 1000    0 1000 3000 2000    0 1000    0 2000  # day 4
                   0 1000    0 1000    0 1000    0 1000 4000 2000    0 1000    0 2000  # day 5
T
ms_expect_table speed200.h5 /daily/arrivals <<'T'
                   0    0    0    0    0    0    0    0    0 1000    0    0    0    0  # day 0
                   0    0    0    0    0    0    0    0    0 1000    0 1000    0 1000  # day 1
                   0    0    0    0    0 1000    0    0    0    0    0    0    0    0  # day 2
                   0    0    0    0    0    0    0 1000    0    0    0    0    0    0  # day 3
                   0 1000    0    0    0    0    0    0    0    0    0    0    0 1000  # day 4
                   0    0    0 1000    0    0    0    0    0    0    0    0    0    0  # day 5
T
# columns:      A1-C1 A2-C2 A3-C3 A4-C4 A5-C5 A6-C6 A7-C7
ms_expect_table speed200.h5 /daily/on_links <<'T'
                 1000  1000     0     0     0     0  1000  # day 0
                    0  1000     0     0     0     0     0  # day 1
                    0     0     0     0     0     0     0  # day 2
                 1000  1000     0     0     0     0  1000  # day 3
                    0  1000     0     0     0     0     0  # day 4
                    0     0     0     0     0     0     0  # day 5
T
ms_expect_table speed200.h5 /daily/spawned <<'T'
7000 2000 1000 1000 1000 1000
T
if [ "$RANKS" -gt 1 ]; then
  rule_run_np 1 speed200_np1 $RULE_OPTS -move_rules_max_move_speed 200 -seed 3
  ms_expect_same_tables speed200.h5 speed200_np1.h5 /daily/population /daily/arrivals /daily/on_links
fi
ms_finish
