# Rule test "spawn": conflict-driven spawning (MODEL.md section 6) with conflicts.csv
# (section 4). Nobody moves (all move chances 0), so each location's population is the
# running sum of the agents spawned there.
#
#   conflicts.csv    Z1  Z2    Tn (a town)  Cp (a camp)     Zx: conflict_zone, not listed
#   day 0            1   0.5   0            1
#   day 1            2   0.5   1            1
#   day 2 (and on)   0   0.25  1            1
#
# Spawning zones are the locations that are conflict zones that day: Z1 on days 0-1 (it
# becomes a town at intensity 0), Z2 always, Tn from day 1 (a town with intensity > 0
# becomes a conflict zone); never Cp (a camp keeps its type; the intensity enters only its
# score) nor Zx (with conflicts.csv, a location it does not list is never a conflict zone).
# The last row holds after day 2. Days 0..4; columns Z1 Z2 Tn Cp Zx.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

OPTS="$RULE_OPTS -move_rules_conflict_movechance 0 -move_rules_default_movechance 0"

# --- constant: floor(300 * intensity) per zone and day ------------------------------------------
# Z1 300, 600, 0...; Z2 150, 150, 75, 75, 75; Tn 0, 300, 300, 300, 300.
rule_run constant $OPTS -spawn_rules_spawn_mode constant -spawn_rules_displaced_per_conflict_day 300 -seed 41
ms_expect_table constant.h5 /daily/spawned <<'T'
450 1050 375 375 375
T
ms_expect_table constant.h5 /daily/population <<'T'
300 150    0 0 0
900 300  300 0 0
900 375  600 0 0
900 450  900 0 0
900 525 1200 0 0
T

# --- pop_ratio: floor(0.125 * population * intensity) (all exact in binary) -------------------
# Z1 (1000): 125, 250, 0...; Z2 (2000): 125, 125, then floor(62.5) = 62; Tn (4000): 0, 500...
rule_run pop_ratio $OPTS -spawn_rules_spawn_mode pop_ratio -spawn_rules_displaced_per_conflict_day 0.125 -seed 42
ms_expect_table pop_ratio.h5 /daily/spawned <<'T'
250 875 562 562 562
T
ms_expect_table pop_ratio.h5 /daily/population <<'T'
125 125    0 0 0
375 250  500 0 0
375 312 1000 0 0
375 374 1500 0 0
375 436 2000 0 0
T

# --- poisson: a Poisson draw of mean 10000 * intensity per zone and day -----------------------
# Means: Z1 10000, 20000, 0, 0, 0; Z2 5000, 5000, 2500, 2500, 2500; Tn 0, 10000, 10000...
# Each day's count within 5 sd (sqrt(mean)) of its mean; exactly 0 where the mean is 0.
rule_run poisson $OPTS -spawn_rules_spawn_mode poisson -spawn_rules_displaced_per_conflict_day 10000 -seed 43
ms_table poisson.h5 /daily/population >pop.txt
means="10000 5000 0 0 0
20000 5000 10000 0 0
0 2500 10000 0 0
0 2500 10000 0 0
0 2500 10000 0 0"
prev="0 0 0 0 0"
for ((t = 0; t < 5; t++)); do
  row=$(sed -n "$((t + 1))p" pop.txt)
  mrow=$(echo "$means" | sed -n "$((t + 1))p")
  for ((c = 0; c < 5; c++)); do
    got=$(($(echo "$row" | cut -d' ' -f$((c + 1))) - $(echo "$prev" | cut -d' ' -f$((c + 1)))))
    mean=$(echo "$mrow" | cut -d' ' -f$((c + 1)))
    ms_expect_within "poisson day $t column $c spawned" "$got" "$mean" "$(awk -v m="$mean" 'BEGIN {print 5 * sqrt(m)}')"
  done
  prev=$row
done
ms_finish
