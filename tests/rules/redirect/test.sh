# Rule test "redirect": forced redirections (routes.csv forced_redirection, MODEL.md
# section 1; remove_forced_redirection closures, section 5). Two components:
#
#   A1 (conflict) -100- H1 (town) -100- F1 (camp)     route "H1,F1,100,1": at H1 (name1)
#                        H1 -50- N1 (camp)
#   A2 (conflict) -100- H2 (town) -100- F2 (camp)     route "F2,H2,100,2": at H2 (name2)
#                        H2 -50- N2 (camp)            redirection lifted from day 3 on
#
# Every day A1 and A2 spawn 10000 each (enough that 5 sd of a day's share is 0.024);
# speed 200: an agent reaches H with 100 km left and moves on (town move chance 1).
# Forced, it takes H->F (100 km) and reaches F with 0 km left. Unforced it chooses among
# H->A (score 0: conflict_weight 0), H->F (weight 1/(10+100)) and H->N (1/(10+50)):
# P(N) = (1/60) / (1/60 + 1/110) = 11/17 = 0.647 (N reached with 50 km left; nobody leaves
# a camp). Days 0..4; columns A1 H1 F1 N1 A2 H2 F2 N2.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

OPTS="$RULE_OPTS -move_rules_max_move_speed 200 -spawn_rules_displaced_per_conflict_day 10000"
PN=$(awk 'BEGIN {printf "%.10g", 11 / 17}')
HW=$(ms_binomial_halfwidth 10000 "$PN" 5)

# --- redirections applied: all of component 1 to F1; component 2 to F2 until day 2 ---------
rule_run forced $OPTS -seed 7
ms_expect_cols forced.h5 /daily/population 1-4 <<'T'
0 0 10000 0
0 0 20000 0
0 0 30000 0
0 0 40000 0
0 0 50000 0
T
ms_expect_cols forced.h5 /daily/arrivals 1-6 <<'T'
0 10000 10000 0 0 10000
0 10000 10000 0 0 10000
0 10000 10000 0 0 10000
0 10000 10000 0 0 10000
0 10000 10000 0 0 10000
T
# F2 and N2 while the redirection holds (days 0-2)
for day in 0 1 2; do
  ms_expect_eq "forced day $day: arrivals at F2 and N2" "$(ms_cell forced.h5 /daily/arrivals $day 6) $(ms_cell forced.h5 /daily/arrivals $day 7)" "10000 0"
done
for day in 3 4; do
  n2=$(ms_cell forced.h5 /daily/arrivals $day 7)
  f2=$(ms_cell forced.h5 /daily/arrivals $day 6)
  ms_expect_within "forced day $day (redirection lifted): arrivals at N2" "$n2" "$(awk -v p="$PN" 'BEGIN {print 10000 * p}')" "$HW"
  ms_expect_eq "forced day $day: arrivals F2 + N2, population of H2" "$((f2 + n2)) $(ms_cell forced.h5 /daily/population $day 5)" "10000 0"
done

# --- move_rules.forced_redirection false: the flag-1 route is an ordinary road ---------------
rule_run ignored $OPTS -move_rules_forced_redirection false -seed 8
for day in 0 1 2 3 4; do
  n1=$(ms_cell ignored.h5 /daily/arrivals $day 3)
  f1=$(ms_cell ignored.h5 /daily/arrivals $day 2)
  ms_expect_within "ignored day $day: arrivals at N1" "$n1" "$(awk -v p="$PN" 'BEGIN {print 10000 * p}')" "$HW"
  ms_expect_eq "ignored day $day: arrivals F1 + N1" $((f1 + n1)) 10000
done

# --- awareness 2: a redirection overrides the plan ------------------------------------------
# From A1 the candidates are A1->H1, A1->H1->F1 and A1->H1->N1; whatever was planned, the
# agent that moves on at H1 takes H1->F1: N1 stays empty.
rule_run aware2 $OPTS -move_rules_awareness_level 2 -seed 9
ms_expect_cols aware2.h5 /daily/population 1-4 <<'T'
0 0 10000 0
0 0 20000 0
0 0 30000 0
0 0 40000 0
0 0 50000 0
T

# --- the move decision itself is unchanged: with move chance 0 at towns nobody moves on -------
# Everyone reaches H1/H2 with 100 km left, draws the town move chance 0 and stays.
rule_run stay $OPTS -move_rules_default_movechance 0 -seed 10
ms_expect_table stay.h5 /daily/population <<'T'
0 10000 0 0 0 10000 0 0
0 20000 0 0 0 20000 0 0
0 30000 0 0 0 30000 0 0
0 40000 0 0 0 40000 0 0
0 50000 0 0 0 50000 0 0
T
ms_finish
