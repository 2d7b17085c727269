#!/usr/bin/env bash
# determinism_steal: work stealing (a rank done with its own agents steps awake agents of a
# partner's) never changes a result. With blocks and hand-overs made tiny (-step_block 64
# -steal_min 1) and no repartition (so the initial, unbalanced partition leaves much to
# steal), /daily on 2 and 3 ranks equals the 1-rank run, the running counts equal a recount
# every day (-check_counts), stealing did happen (the output's stolen_agent_days counts the
# agent-days stepped by partners) and the work counts are those of 1 rank, and a run without
# stealing gives the same days too; so do repeated 3-rank runs at the default blocks, where
# hand-overs are large.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff

seed=4242
steal=(-steal true -step_block 64 -steal_min 1 -rebalance_threshold 0 -check_counts)

# run NAME NP ARGS...: a run that must succeed, into NAME.h5.
run()
{
  local name=$1 np=$2
  shift 2
  ms_run_ok "$np" 180 "$name" -flee_csv none -output "$name.h5" "$@"
}

# stolen NAME: the agent-days stepped by partners (the output's stolen_agent_days)
stolen() { ms_attr "$1.h5" stolen_agent_days; }

# work NAME: the run's work counts (acting agent-days, decisions, hops, link steps), which
# are the agents' and so the same on any number of ranks, stealing or not
work() { for a in acting_agent_days decisions hops link_steps; do ms_attr "$1.h5" $a; done | paste -sd' '; }

run ref 1 -scenario "$MS_DEFAULT" -seed $seed
ms_expect_eq "1 rank: agent-days stepped by a partner (none to steal from)" "$(stolen ref)" 0
for spec in "2 region" "3 location"; do
  read -r np unit <<<"$spec"
  run st$np "$np" -scenario "$MS_DEFAULT" -seed $seed -partition "$unit" "${steal[@]}" || continue
  ms_same ref.h5 st$np.h5 "1 rank vs $np ranks (by $unit) stealing" /daily
  ms_expect_eq "$np ranks stealing: the work counts of 1 rank" "$(work st$np)" "$(work ref)"
  n=$(stolen st$np)
  if [ "${n:-0}" -ge 1000 ]; then ms_ok "$np ranks: $n agent-days stepped by partner ranks"
  else ms_fail "$np ranks: only '${n:-none}' agent-days were stolen; the test proves nothing"; fi
done

# the default blocks on 3 ranks, five times the people: a rank that has handed agents to one
# partner goes on to steal from the other while the first hand-over may still be on its
# way (its list must stay untouched; once it did not, and the runs crashed or differed
# in about half of these). Timing decides who steals when, so four runs.
run ref5 1 -scenario "$MS_DEFAULT" -seed $seed -population_scale 5
for rep in 1 2 3 4; do
  run big3_$rep 3 -scenario "$MS_DEFAULT" -seed $seed -population_scale 5 -steal true -check_counts || continue
  ms_same ref5.h5 big3_$rep.h5 "1 rank vs 3 ranks at the default blocks, 5x the people (run $rep)" /daily
done

# the same scenario without stealing: the same days, and no agent-day stolen
run nost2 2 -scenario "$MS_DEFAULT" -seed $seed -steal false -rebalance_threshold 0 -check_counts &&
  ms_same ref.h5 nost2.h5 "1 rank vs 2 ranks without stealing" /daily &&
  ms_expect_eq "-steal false: agent-days stepped by a partner" "$(stolen nost2)" 0

# stealing with repartitions forced at every chance (partners change with the partition)
run streb3 3 -scenario "$MS_DEFAULT" -seed $seed -steal true -step_block 64 -steal_min 1 -rebalance_threshold 1.0001 -rebalance_interval 1 -rebalance_check_cost false -check_counts &&
  ms_same ref.h5 streb3.h5 "1 rank vs 3 ranks stealing and repartitioning" /daily

ms_finish
