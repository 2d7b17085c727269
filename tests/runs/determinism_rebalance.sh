#!/usr/bin/env bash
# determinism_rebalance: repartitioning during a run (dynamic load balance) moves locations
# and agents between ranks but never changes a result: /daily with rebalancing forced at
# every chance equals the 1-rank run (also when every crosser is sent early), the running
# population counts equal a recount from the agents every day (-check_counts), and a
# checkpoint taken after rebalances restarts on another rank count to the same end; by every
# measure of the balance. On mali (real data) too, where the shared data exist.
. "$(dirname "$0")/common.sh"
ms_need h5diff "Debian: apt-get install hdf5-tools"
ms_need h5dump "Debian: apt-get install hdf5-tools"

seed=777
force=(-rebalance_threshold 1.0001 -rebalance_interval 1 -rebalance_check_cost false -check_counts)

# run NAME NP ARGS...: a run that must succeed.
run()
{
  local name=$1 np=$2
  shift 2
  ms_run "$np" 180 "$MS_TMP/$name" -flee_csv none "$@"
  local rc=$?
  [ $rc -eq 0 ] || { ms_fail "$name: migrasim exited with $rc"; ms_show "$MS_TMP/$name"; return 1; }
}


run ref 1 -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/ref.h5"
for np in 2 3; do
  run reb$np $np -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/reb$np.h5" "${force[@]}" || continue
  n=$(grep -c '^rebalance after day' "$MS_TMP/reb$np.out")
  if [ "${n:-0}" -ge 2 ]; then ms_ok "$np ranks: $n repartitions during the run"
  else ms_fail "$np ranks: only ${n:-0} repartitions happened; the test proves nothing"; fi
  ms_same_daily "$MS_TMP/ref.h5" "$MS_TMP/reb$np.h5" "1 rank vs $np ranks rebalancing"
  [ "$(ms_attr "$MS_TMP/reb$np.h5" rebalances)" = "$n" ] && ms_ok "the output's 'rebalances' attribute says $n" || ms_fail "the output's 'rebalances' attribute is not $n"
  # the busiest rank's work over the mean, each day, averaged: 1 at best, below $np
  imb=$(sed -n 's/^exchange: .*daily imbalance \([0-9.]*\) on average$/\1/p' "$MS_TMP/reb$np.out")
  if [ -n "$imb" ] && awk -v x="$imb" -v n="$np" 'BEGIN { exit !(x >= 1 && x <= n) }'; then ms_ok "$np ranks: daily imbalance $imb on average, in [1, $np]"
  else ms_fail "$np ranks: the exchange: line reports no daily imbalance in [1, $np] (got '$imb')"; fi
done

# early sends (-exchange_early_min 1: every migrant goes out between blocks, and what arrives
# is stored there) with repartitions: the same days as 1 rank, and most bytes did go early
for np in 2 3; do
  run early$np $np -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/early$np.h5" -exchange_early_min 1 "${force[@]}" || continue
  ms_same_daily "$MS_TMP/ref.h5" "$MS_TMP/early$np.h5" "1 rank vs $np ranks sending early and rebalancing"
  pct=$(sed -n 's/^exchange: .* bytes a migrant, \([0-9]*\)% of the bytes sent early.*$/\1/p' "$MS_TMP/early$np.out")
  if [ -n "$pct" ] && [ "$pct" -ge 50 ]; then ms_ok "$np ranks: $pct% of the exchanged bytes went early"
  else ms_fail "$np ranks: the early sends did not happen (exchange: line says '${pct:-nothing}')"; fi
done

# the writes of the buffered days: a flush every 45 days, repartitions between flushes write
# what is buffered (starting mid-chunk), several ranks write each flush's whole chunks
run flush3 3 -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/flush3.h5" -output_flush_every 45 -rebalance_threshold 1.0001 -rebalance_interval 17 -rebalance_check_cost false &&
  ms_same_daily "$MS_TMP/ref.h5" "$MS_TMP/flush3.h5" "1 rank vs 3 ranks flushing every 45 days, repartitioning every 17"

# a checkpoint after rebalances, restarted on another rank count (rebalancing again)
run seg1 2 -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/seg.h5" -days 90 -checkpoint_every 90 -checkpoint_prefix "$MS_TMP/ck" "${force[@]}" &&
  run seg2 3 -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/seg.h5" -restart "$MS_TMP/ck.h5" -checkpoint_prefix "$MS_TMP/ck2" "${force[@]}" &&
  ms_same_daily "$MS_TMP/ref.h5" "$MS_TMP/seg.h5" "rebalancing 2 ranks, checkpoint, restart on 3 ranks"

# a restart over an output longer than the checkpoint (rows rewritten in place), rebalancing
run long 2 -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/long.h5" -days 120 -checkpoint_every 60 -checkpoint_prefix "$MS_TMP/lck" "${force[@]}" &&
  cp "$MS_TMP/lck.h5.prev" "$MS_TMP/lck60.h5" &&
  run long2 3 -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/long.h5" -restart "$MS_TMP/lck60.h5" -checkpoint_prefix "$MS_TMP/lck2" "${force[@]}" &&
  ms_same_daily "$MS_TMP/ref.h5" "$MS_TMP/long.h5" "a 120-day output continued from its day-60 checkpoint on 3 ranks, rebalancing"

# the other measures of the balance (the model alone; the measured time), with the loads
# extrapolated along their trend: the partitions differ, the days may not
for m in work time; do
  run meas$m 2 -scenario "$MS_DEFAULT" -seed $seed -output "$MS_TMP/meas$m.h5" -rebalance_measure $m -rebalance_lookahead 30 "${force[@]}" || continue
  n=$(grep -c '^rebalance after day' "$MS_TMP/meas$m.out")
  [ "${n:-0}" -ge 2 ] && ms_ok "-rebalance_measure $m: $n repartitions" || ms_fail "-rebalance_measure $m: only ${n:-0} repartitions; the test proves nothing"
  ms_same_daily "$MS_TMP/ref.h5" "$MS_TMP/meas$m.h5" "1 rank vs 2 ranks rebalancing by $m"
done

if [ -d "$MS_FLEE/mali" ]; then
  run mali1 1 -scenario "$MS_FLEE/mali" -seed $seed -days 120 -output "$MS_TMP/mali1.h5"
  run mali2 2 -scenario "$MS_FLEE/mali" -seed $seed -days 120 -output "$MS_TMP/mali2.h5" -partition location "${force[@]}"
  ms_same_daily "$MS_TMP/mali1.h5" "$MS_TMP/mali2.h5" "mali, 1 rank vs 2 ranks rebalancing"
else
  echo "note: $MS_FLEE/mali absent; the real-data part is skipped"
fi
ms_finish
