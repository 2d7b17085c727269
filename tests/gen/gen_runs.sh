#!/usr/bin/env bash
# gen_runs: a generated scenario is accepted by migrasim's parser and runs, on 1 and 2 ranks,
# with bit-identical /daily (h5diff) and all -agents in the simulation by the last day; a
# second one with awareness level 2 and no transit band also runs, and so does a third of
# -mobility high, where most agent-days act. migrasim must not warn about any of the
# generated files.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump

dir=scn
n=30000
days=60
if ! gen_run 60 gen -output "$dir" -regions 8 -locations_per_region 15 -agents $n -camp_fraction 0.5 -days $days -seed 21; then
  ms_fail "migrasim-gen exited with $?"
  ms_show gen
  ms_finish
fi

# run NAME NP DIR ARGS...: run, check the exit status and the rows of /daily.
run()
{
  local name=$1 np=$2 d=$3 rows
  shift 3
  ms_run_ok "$np" 120 "$name" -scenario "$d" -settings "$d/simsetting.yml" -output "$name.h5" -flee_csv none "$@" || return 1
  # warnings about the files (the output's input_warnings); the run's own, e.g. agents that
  # found every route closed, belong to the model
  if [ "$(ms_attr "$name.h5" input_warnings)" != 0 ]; then
    ms_fail "$name: migrasim warns about the generated files (input_warnings '$(ms_attr "$name.h5" input_warnings)')"
    grep -h 'warning: ' "$name.out" "$name.err" | head -n 5 | sed 's/^/  | /'
  fi
  rows=$(ms_rows "$name.h5" /daily/population)
  [ "$rows" = "$(ms_length "$d")" ] || { ms_fail "$name: /daily/population has '$rows' rows"; return 1; }
  ms_ok "$name: ran $rows days"
}

run np1 1 "$dir" -seed 5
run np2 2 "$dir" -seed 5
ms_same np1.h5 np2.h5 "1 rank vs 2 ranks" /daily
ms_expect_eq "agents spawned by day $((days - 1)) (the sum of /daily/spawned)" "$(ms_sum np1.h5 /daily/spawned)" $n

dir2=scn2
if gen_run 60 gen2 -output "$dir2" -regions 4 -locations_per_region 10 -origin_fraction 0.5 -destination_fraction 0.5 -agents 5000 -days 30 -awareness_level 2 -seed 22; then
  run aw2 2 "$dir2" -seed 6
else
  ms_fail "migrasim-gen (second scenario) exited with $?"
  ms_show gen2
fi

# -mobility high: no one in camps on day 0, the validation profile's movement in simsetting.yml,
# and most agent-days act (the run's acting: line)
dir3=scn3
if gen_run 60 gen3 -output "$dir3" -mobility high -regions 12 -locations_per_region 8 -agents 20000 -days 60 -seed 23; then
  ms_expect_eq "-mobility high: default_movechance in simsetting.yml" "$(sed -n 's/^ *default_movechance: //p' "$dir3/simsetting.yml")" 0.5
  ms_expect_eq "-mobility high: agents in camps on day 0 (total.csv)" "$(sed -n 2p "$dir3/source_data/total.csv" | cut -d, -f2)" 0
  if run mob 2 "$dir3" -seed 7; then
    pct=$(awk '/^acting:/ { sub(/%/, "", $2); print $2 }' mob.out)
    if awk -v p="$pct" 'BEGIN { exit !(p > 30) }'; then ms_ok "-mobility high: $pct% of the agent-days act"
    else ms_fail "-mobility high: only '$pct'% of the agent-days act"; fi
  fi
else
  ms_fail "migrasim-gen (-mobility high) exited with $?"
  ms_show gen3
fi
ms_finish
