# Rule test "fork": the route choice probabilities (MODEL.md section 3) and their
# independence of the rank count (section 8).
#
#   Near (camp) --100 km-- A (conflict_zone, from day 0) --300 km-- Far (camp)
#
# A spawns 20000 agents a day, all leave (conflict_movechance 1), speed 400 brings each
# to its camp on its spawn day, and nobody leaves a camp. Awareness 1: the candidate
# paths of A are A->Near and A->Far, both ending at camps of score 1 with capacity
# multiplier 1 (population 0 = no capacity), so
#   w = (weight_softening + 1) / (softening + D)^distance_power, P(Near) = wNear / (wNear + wFar)
# and each day's count at Near is Binomial(20000, P(Near)). We assert each day's arrivals
# at Near within 5 standard deviations of the mean (a false alarm about once in 2e6) and
# everything else exactly: Near + Far = 20000 a day, nobody left at A or on a link.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

N=20000
OPTS="$RULE_OPTS -spawn_rules_displaced_per_conflict_day $N -move_rules_max_move_speed 400 -move_rules_awareness_level 1"

check_split() { # NAME P: per-day split of NAME with P(Near) = P
  local name=$1 p=$2 hw near far
  hw=$(ms_binomial_halfwidth $N "$p" 5)
  for day in 0 1; do
    near=$(ms_cell "$name.h5" /daily/arrivals $day 1)
    far=$(ms_cell "$name.h5" /daily/arrivals $day 2)
    ms_expect_within "$name day $day arrivals at Near" "$near" "$(awk -v n=$N -v p="$p" 'BEGIN {print n * p}')" "$hw"
    ms_expect_eq "$name day $day arrivals Near + Far" $((near + far)) $N
  done
  ms_expect_eq "$name day 1 population at A, Near + Far" \
    "$(ms_cell "$name.h5" /daily/population 1 0) $(($(ms_cell "$name.h5" /daily/population 1 1) + $(ms_cell "$name.h5" /daily/population 1 2)))" "0 $((2 * N))"
  ms_expect_eq "$name day 1 population at Near = its arrivals of days 0 and 1" \
    "$(ms_cell "$name.h5" /daily/population 1 1)" $(($(ms_cell "$name.h5" /daily/arrivals 0 1) + $(ms_cell "$name.h5" /daily/arrivals 1 1)))
  ms_expect_table "$name.h5" /daily/on_links <<'T'
0 0
0 0
T
}

# softening 0, distance_power 1: (1/100) / (1/100 + 1/300) = 3/4
rule_run soft0 $OPTS -move_rules_softening 0 -move_rules_distance_power 1 -seed 11
check_split soft0 0.75
if [ "$RANKS" -eq 1 ]; then # (on more ranks only the first variant, compared below)
  # softening 50, distance_power 1: (1/150) / (1/150 + 1/350) = 350/500 = 0.7
  rule_run soft50 $OPTS -move_rules_softening 50 -move_rules_distance_power 1 -seed 12
  check_split soft50 0.7
  # softening 0, distance_power 2: (1/100^2) / (1/100^2 + 1/300^2) = 9/10
  rule_run pow2 $OPTS -move_rules_softening 0 -move_rules_distance_power 2 -seed 13
  check_split pow2 0.9
  # awareness 0: a neighbouring link uniformly, whatever the distances: 1/2
  rule_run aware0 $OPTS -move_rules_softening 0 -move_rules_awareness_level 0 -seed 14
  check_split aware0 0.5
  # camp_weight 0: every candidate weighs 0, so the choice is uniform among them: 1/2
  rule_run allzero $OPTS -move_rules_softening 0 -move_rules_camp_weight 0 -seed 15
  check_split allzero 0.5
fi

# The same seed gives the same output, bit for bit, on any number of ranks (section 8).
if [ "$RANKS" -gt 1 ]; then
  rule_run_np 1 soft0_np1 $OPTS -move_rules_softening 0 -move_rules_distance_power 1 -seed 11
  ms_expect_same_tables soft0.h5 soft0_np1.h5 /daily/population /daily/arrivals /daily/on_links /daily/spawned
fi
ms_finish
