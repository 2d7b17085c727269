#!/usr/bin/env bash
# The speed of a forecast (issue 19, docs/forecast.md "Speed"): the wall time of a 100-member,
# 90-day forecast with 3 what-if variants on 2 ranks (validation settings, the forecast day F the
# last day of the scenario's period, Length - 1, so that the observed period is the run Flee
# makes of it; later observations are hidden and kept), beside what the same forecast would cost as separate runs from
# day 0, one per member and per variant (100 x 4 runs of days 0..F+90). That cost is measured,
# not modelled: a few single runs of days 0..F+90 (1 rank each, one after another) are timed,
# and their mean is multiplied by the 400 runs and divided by 2 (two ranks would run two at a
# time). A forecast simulates the observed period once per member and branches the baseline and
# the variants from the member's state at F, kept in memory: it costs 100 runs to F plus
# 100 x 4 horizons.
# Usage: tests/bench/forecast.sh [SCENARIO...]   (default: mali and venezuela2022, the largest
#        shared scenario: its single run is the longest; a scenario absent from
#        ../shared/data/flee is skipped with a message)
# Environment: MS_BIN (build directory), MS_SHARED (../shared), MEMBERS (100), SINGLE_RUNS (3),
#        FORECAST_OPTS (more options of the forecast, e.g. -forecast_lookahead true).
# Timings are only meaningful on a quiet machine; the script says how busy it was.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MS_SHARED:-$here/../shared}
bin=${MS_BIN:-$here/build}
members=${MEMBERS:-100}
nsingle=${SINGLE_RUNS:-3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
yml=$shared/data/flee/simsetting-validation.yml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# three variants every scenario accepts: settings changed from F+1
printf '#what,name1,name2,value,from,until\nsetting,move_rules.camp_weight,,2,+1,\n' >"$tmp/camps.csv"
printf '#what,name1,name2,value,from,until\nsetting,move_rules.conflict_weight,,0.5,+1,\n' >"$tmp/conflict.csv"
printf '#what,name1,name2,value,from,until\nsetting,move_rules.default_movechance,,0.3,+1,\n' >"$tmp/stay.csv"
now() { date +%s.%N; }
echo "forecast.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "| scenario | F (day) | forecast: $members members x 4 runs, 2 ranks (s) | one run of days 0..F+90, 1 rank (s, mean of $nsingle) | as separate runs: $((members * 4)) runs / 2 ranks (s) | ratio |"
echo "|---|---|--:|--:|--:|--:|"
for sc in "${@:-mali venezuela2022}"; do
  for s in $sc; do
    dir=$shared/data/flee/$s
    if [ ! -d "$dir" ]; then
      echo "forecast.sh: $dir is absent; $s skipped"
      continue
    fi
    period=$(tr -d '"\r' <"$dir/input_csv/sim_period.csv")
    start=$(printf '%s\n' "$period" | sed -n 's/^StartDate,//p')
    length=$(printf '%s\n' "$period" | sed -n 's/^Length,//p')
    F=$((length - 1))
    t0=$(now)
    mpiexec --oversubscribe -n 2 "$bin/migrasim-forecast" -scenario "$dir" -settings "$yml" \
      -replicates "$members" -horizon 90 -variant "$tmp/camps.csv" -variant "$tmp/conflict.csv" \
      -variant "$tmp/stay.csv" -forecast_from "$(date -d "$start + $F days" +%F)" -output "$tmp/fc.h5" -report none ${FORECAST_OPTS:-} >"$tmp/fc.log" 2>&1 ||
      { echo "forecast.sh: the forecast of $s failed:"; tail -n 5 "$tmp/fc.log"; continue; }
    t1=$(now)
    single=0
    for seed in $(seq 1 "$nsingle"); do
      s0=$(now)
      "$bin/migrasim" -scenario "$dir" -settings "$yml" -seed "$seed" -days $((F + 91)) \
        -output "$tmp/one.h5" -flee_csv none >"$tmp/one.log" 2>&1
      single=$(awk -v a="$single" -v b="$s0" -v c="$(now)" 'BEGIN { print a + c - b }')
    done
    awk -v s="$s" -v F="$F" -v fc="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
      -v one="$single" -v n="$nsingle" -v m="$members" 'BEGIN {
        one /= n; sep = one * m * 4 / 2
        printf "| %s | %s | %.1f | %.2f | %.0f | %.1fx |\n", s, F, fc, one, sep, sep / fc }'
  done
done
echo "forecast.sh: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
