#!/usr/bin/env bash
# determinism_rebalance: repartitioning during a run (dynamic load balance) moves locations
# and agents between ranks but never changes a result: /daily with rebalancing forced at
# every chance equals the 1-rank run (also when every crosser is sent early), the running
# population counts equal a recount from the agents every day (-check_counts), and a
# checkpoint taken after rebalances restarts on another rank count to the same end; by every
# measure of the balance. On mali (real data) too, where the shared data exist.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

seed=777
force=(-rebalance_threshold 1.0001 -rebalance_interval 1 -rebalance_check_cost false -check_counts)

# run NAME NP ARGS...: a run that must succeed, into NAME.h5.
run()
{
  local name=$1 np=$2
  shift 2
  ms_run_ok "$np" 180 "$name" -flee_csv none -output "$name.h5" "$@"
}

# repartitioned NAME WHAT: the run NAME repartitioned at least twice (the output's rebalances).
repartitioned()
{
  local n
  n=$(ms_attr "$1.h5" rebalances)
  if awk -v n="$n" 'BEGIN { exit !(n != "" && n >= 2) }'; then ms_ok "$2: $n repartitions during the run"
  else ms_fail "$2: only '${n:-no}' repartitions (the output's rebalances); the test proves nothing"; fi
}

run ref 1 -scenario "$MS_DEFAULT" -seed $seed
for np in 2 3; do
  run reb$np $np -scenario "$MS_DEFAULT" -seed $seed "${force[@]}" || continue
  repartitioned reb$np "$np ranks"
  ms_same ref.h5 reb$np.h5 "1 rank vs $np ranks rebalancing" /daily
  # the busiest rank's work over the mean, each day, averaged: 1 at best, below $np
  imb=$(ms_attr reb$np.h5 imbalance_mean)
  if [ -n "$imb" ] && awk -v x="$imb" -v n="$np" 'BEGIN { exit !(x >= 1 && x <= n) }'; then ms_ok "$np ranks: daily imbalance $imb on average, in [1, $np]"
  else ms_fail "$np ranks: the output's imbalance_mean is not in [1, $np] (got '$imb')"; fi
done

# early sends (-exchange_early_min 1: every migrant goes out between blocks, and what arrives
# is stored there) with repartitions: the same days as 1 rank, and most bytes did go early
for np in 2 3; do
  run early$np $np -scenario "$MS_DEFAULT" -seed $seed -exchange_early_min 1 "${force[@]}" || continue
  ms_same ref.h5 early$np.h5 "1 rank vs $np ranks sending early and rebalancing" /daily
  bytes=$(ms_attr early$np.h5 exchange_bytes)
  early=$(ms_attr early$np.h5 exchange_bytes_early)
  if awk -v b="$bytes" -v e="$early" 'BEGIN { exit !(b != "" && e != "" && b > 0 && 2 * e >= b) }'; then ms_ok "$np ranks: $early of the $bytes exchanged bytes went early"
  else ms_fail "$np ranks: the early sends did not happen (the output's exchange_bytes_early '$early' of exchange_bytes '$bytes')"; fi
done

# the writes of the buffered days: a flush every 45 days, repartitions between flushes write
# what is buffered (starting mid-chunk), several ranks write each flush's whole chunks
run flush3 3 -scenario "$MS_DEFAULT" -seed $seed -output_flush_every 45 -rebalance_threshold 1.0001 -rebalance_interval 17 -rebalance_check_cost false &&
  ms_same ref.h5 flush3.h5 "1 rank vs 3 ranks flushing every 45 days, repartitioning every 17" /daily

# a restart over an output longer than the checkpoint (rows rewritten in place), rebalancing
run long 2 -scenario "$MS_DEFAULT" -seed $seed -days 120 -checkpoint_every 60 -checkpoint_prefix lck "${force[@]}" &&
  cp lck.h5.prev lck60.h5 &&
  ms_run_ok 3 180 long2 -scenario "$MS_DEFAULT" -seed $seed -flee_csv none -output long.h5 -restart lck60.h5 -checkpoint_prefix lck2 "${force[@]}" &&
  ms_same ref.h5 long.h5 "a 120-day output continued from its day-60 checkpoint on 3 ranks, rebalancing" /daily

# the other measures of the balance (the model alone; the measured time), with the loads
# extrapolated along their trend: the partitions differ, the days may not
for m in work time; do
  run meas$m 2 -scenario "$MS_DEFAULT" -seed $seed -rebalance_measure $m -rebalance_lookahead 30 "${force[@]}" || continue
  repartitioned meas$m "-rebalance_measure $m"
  ms_same ref.h5 meas$m.h5 "1 rank vs 2 ranks rebalancing by $m" /daily
done

if [ -d "$MS_FLEE/mali" ]; then
  run mali1 1 -scenario "$MS_FLEE/mali" -seed $seed -days 120
  run mali2 2 -scenario "$MS_FLEE/mali" -seed $seed -days 120 -partition location "${force[@]}"
  ms_same mali1.h5 mali2.h5 "mali, 1 rank vs 2 ranks rebalancing" /daily
else
  echo "note: $MS_FLEE/mali absent; the real-data part is skipped"
fi
ms_finish
