# Rule test "spawn_day0": conflict-driven spawning without conflicts.csv (conflict_date
# starts a conflict, MODEL.md section 4) and the day-0 camp populations, which insert_day0
# adds "in either spawning mode" (section 6), in a scenario with source_data (camp C
# observed at 500 on day 0).
#
#   A (conflict_zone, conflict_date 0) -100- C (camp) -100- A2 (conflict_zone, conflict_date 2)
#
# Nobody moves (all move chances 0). Constant mode, 1000 per conflict zone and day: A
# spawns from day 0, A2 from day 2 (a town before). Days 0..3; columns A A2 C.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

OPTS="$RULE_OPTS -move_rules_conflict_movechance 0 -move_rules_default_movechance 0"

# --- insert_day0 false: only the conflict zones spawn ----------------------------------------
rule_run noinsert $OPTS -spawn_rules_insert_day0 false -seed 51
ms_expect_table noinsert.h5 /daily/spawned <<'T'
1000 1000 2000 2000
T
ms_expect_table noinsert.h5 /daily/population <<'T'
1000    0 0
2000    0 0
3000 1000 0
4000 2000 0
T

# --- insert_day0 true (the default): C also receives its observed day-0 population, 500
# agents that count as spawned on day 0 ------------------------------------------------------
rule_run insert $OPTS -spawn_rules_insert_day0 true -seed 51
ms_expect_table insert.h5 /daily/spawned <<'T'
1500 1000 2000 2000
T
ms_expect_table insert.h5 /daily/population <<'T'
1000    0 500
2000    0 500
3000 1000 500
4000 2000 500
T
ms_finish
