#!/usr/bin/env bash
# shared_days_beyond_length: -days may run past the scenario's Length (sim.c holds the
# observed series flat beyond it). The bundled default scenario (on 1 and 2 ranks) and,
# when MS_SHARED has them, mali and ethiopia (on 2 ranks) must then run to completion with
# -days Length+30: exit 0 within 20 s, one row per day in /daily/population, and no more
# agents (the sum of /daily/spawned) than about what the scenario's own period spawns (the
# data end at Length).
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

runs=("$MS_DEFAULT:1" "$MS_DEFAULT:2")
if [ -d "$MS_FLEE/mali" ] && [ -d "$MS_FLEE/ethiopia" ]; then
  runs+=("$MS_FLEE/mali:2" "$MS_FLEE/ethiopia:2")
else
  echo "note: $MS_FLEE/{mali,ethiopia} not found; only the default scenario is run"
fi

# check DIR NP
check()
{
  local dir=$1 np=$2 scn length days log rows last lastref
  scn=$(basename "$dir")
  length=$(ms_length "$dir")
  days=$((length + 30))
  log=$scn.np$np
  ms_run_ok "$np" 20 "$log" -scenario "$dir" -output "$log.h5" -seed 5 -days $days || return
  rows=$(ms_rows "$log.h5" /daily/population)
  [ "$rows" = "$days" ] || { ms_fail "$scn on $np rank(s): /daily/population has '$rows' rows, not $days"; return; }
  last=$(ms_sum "$log.h5" /daily/spawned)
  ms_run_ok "$np" 20 "$log.ref" -scenario "$dir" -output "$log.ref.h5" -seed 5 -days "$length" || return
  lastref=$(ms_sum "$log.ref.h5" /daily/spawned)
  if [ -z "$last" ] || [ -z "$lastref" ]; then
    ms_fail "$scn on $np rank(s): /daily/spawned unreadable"
    return
  fi
  if [ "$last" -gt $((lastref * 2 + 1000)) ]; then
    ms_fail "$scn on $np rank(s): $last agents after $days days but $lastref after Length=$length: spawning past the data"
    return
  fi
  ms_ok "$scn: -days $days (Length $length) on $np rank(s): $last agents ($lastref at day $length)"
}

for run in "${runs[@]}"; do
  check "${run%:*}" "${run##*:}"
done
ms_finish
