#!/usr/bin/env bash
# shared_days_beyond_length: -days may run past the scenario's Length (sim.c holds the
# observed series flat beyond it). The bundled default scenario and, when MS_SHARED has
# them, mali and ethiopia must then run to completion with -days Length+30 on 1 and 2
# ranks, with one row per day in /daily/population and no more agents than the observed
# total at the end of the period allows (nothing is spawned from beyond the data).
. "$(dirname "$0")/common.sh"
ms_need h5dump "Debian: apt-get install hdf5-tools"

scenarios=("$MS_DEFAULT")
if [ -d "$MS_FLEE/mali" ] && [ -d "$MS_FLEE/ethiopia" ]; then
  scenarios+=("$MS_FLEE/mali" "$MS_FLEE/ethiopia")
else
  echo "note: $MS_FLEE/{mali,ethiopia} not found; only the default scenario is run"
fi

for dir in "${scenarios[@]}"; do
  scn=$(basename "$dir")
  length=$(ms_length "$dir")
  days=$((length + 30))
  ref=
  for np in 1 2; do
    log=$MS_TMP/$scn.np$np
    ms_run $np 60 "$log" -scenario "$dir" -output "$log.h5" -seed 5 -days $days
    rc=$?
    if [ $rc -ne 0 ]; then
      ms_fail "$scn: -days $days (Length $length) on $np rank(s): migrasim exited with $rc$([ $rc = 124 ] && echo ' (timed out after 60 s)')"
      ms_show "$log"
      continue
    fi
    rows=$(ms_rows "$log.h5" /daily/population)
    [ "$rows" = "$days" ] || { ms_fail "$scn on $np rank(s): /daily/population has '$rows' rows, not $days"; continue; }
    # agents of the last simulated day against the last day of the scenario
    last=$(grep -a '^done:' "$log.out" | sed -n 's/.* days, \([0-9]*\) agents.*/\1/p')
    ms_run $np 60 "$log.ref" -scenario "$dir" -output "$log.ref.h5" -seed 5 -days "$length"
    lastref=$(grep -a '^done:' "$log.ref.out" | sed -n 's/.* days, \([0-9]*\) agents.*/\1/p')
    if [ -n "$last" ] && [ -n "$lastref" ] && [ "$last" -gt $((lastref * 2 + 1000)) ]; then
      ms_fail "$scn on $np rank(s): $last agents after $days days but $lastref after Length=$length: spawning past the data"
      continue
    fi
    ms_ok "$scn: -days $days (Length $length) on $np rank(s): $last agents ($lastref at day $length)"
  done
done
ms_finish
