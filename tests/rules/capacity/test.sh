# Rule test "capacity": the capacity multiplier (MODEL.md section 3) under the synchronous
# update (section 8: decisions read the populations at the start of the day).
#
#   Cap (camp, capacity 100) --100 km-- A (conflict_zone) --100 km-- Big (camp, population
#   0: no capacity)
#
# Big takes no newcomers on day 0 (camp closure), so on day 0 everyone goes to Cap. From
# day 1 on both paths are candidates, equal but for Cap's capacity multiplier m:
#   P(Cap) = m / (1 + m), m = 1 if n <= buffer*cap, 0 if n >= cap,
#   else 1 - (n - buffer*cap) / (cap*(1 - buffer)), n = Cap's population at the day's start.
# Speed 200: everyone reaches a camp on its spawn day; nobody leaves a camp.
. "$(dirname "$0")/../../lib.sh"
ms_need h5dump

OPTS="$RULE_OPTS -move_rules_max_move_speed 200"

# --- exact: capacity 100, buffer 0.9, 150 agents a day ----------------------------------------
# Day 0: Cap starts the day empty (m = 1) and is the only candidate: all 150 go there, so
# Cap ends at 150, over its capacity by exactly the day's arrivals - all decided on n = 0.
# Day 1 on: n = 150 >= 100, m = 0, the path to Cap weighs 0 and all 150 go to Big.
rule_run exact $OPTS -spawn_rules_displaced_per_conflict_day 150 -move_rules_capacity_buffer 0.9 -seed 5 -days 4
# columns: A Cap Big
ms_expect_table exact.h5 /daily/population <<'T'
0 150   0
0 150 150
0 150 300
0 150 450
T
ms_expect_table exact.h5 /daily/arrivals <<'T'
0 150   0
0   0 150
0   0 150
0   0 150
T

# --- the linear part: capacity 100 * capacity_scaling 100 = 10000, buffer 0.5, 6000 a day ----
# Day 0: all 6000 to Cap. Day 1: n = 6000, m = 1 - 1000/5000 = 0.8, P(Cap) = 0.8/1.8 = 4/9:
# Binomial(6000, 4/9) arrivals, mean 2666.7. Each later day t, from n = Cap's population at
# the end of day t-1: arrivals at Cap within 5 sd of 6000 m/(1+m), exactly 0 when n >= cap
# (so Cap never exceeds its capacity by more than one day's arrivals), Cap + Big = 6000,
# and Cap only grows by its arrivals.
N=6000
CAP=10000
BUF=0.5
rule_run linear $OPTS -spawn_rules_displaced_per_conflict_day $N -move_rules_capacity_scaling 100 -move_rules_capacity_buffer $BUF -seed 6
ms_expect_eq "linear day 0 population A Cap Big" "$(ms_table linear.h5 /daily/population | sed -n 1p)" "0 $N 0"
ms_table linear.h5 /daily/population >pop.txt
ms_table linear.h5 /daily/arrivals >arr.txt
ndays=$(wc -l <pop.txt)
ms_expect_eq "linear days written" "$ndays" 8
full_days=0
for ((t = 1; t < ndays; t++)); do
  read -r _ n _ < <(sed -n "${t}p" pop.txt)               # end of day t-1
  read -r a_pop c_pop b_pop < <(sed -n "$((t + 1))p" pop.txt)
  read -r _ c_arr b_arr < <(sed -n "$((t + 1))p" arr.txt)
  m=$(awk -v n="$n" -v c=$CAP -v b=$BUF 'BEGIN {nb = b * c; if (n <= nb) m = 1; else if (n >= c) m = 0; else m = 1 - (n - nb) / (c * (1 - b)); printf "%.10g", m}')
  p=$(awk -v m="$m" 'BEGIN {printf "%.10g", m / (1 + m)}')
  if [ "$m" = 0 ]; then
    full_days=$((full_days + 1))
    ms_expect_eq "linear day $t: Cap started full (n=$n >= $CAP), arrivals at Cap" "$c_arr" 0
  else
    ms_expect_within "linear day $t: n=$n, m=$m, arrivals at Cap" "$c_arr" "$(awk -v p="$p" -v n=$N 'BEGIN {print n * p}')" "$(ms_binomial_halfwidth $N "$p" 5)"
  fi
  ms_expect_eq "linear day $t: arrivals Cap + Big" $((c_arr + b_arr)) $N
  ms_expect_eq "linear day $t: Cap = yesterday's Cap + arrivals, A empty" "$a_pop $c_pop" "0 $((n + c_arr))"
  ms_expect_eq "linear day $t: Big = $N*t - (Cap - $N)" "$b_pop" $((N * t - (c_pop - N)))
done
# 6000 + 2667 + 1263 + 83 + ... reaches 10000 within a few days (m falls to about 0.014
# on day 3), after which Cap is frozen: at least the last three days must find it full.
ms_expect_within "linear days that found Cap full (of 7)" "$full_days" 5 2
ms_finish
