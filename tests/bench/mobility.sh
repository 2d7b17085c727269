#!/usr/bin/env bash
# The cost of acting agents (issue 23): agent-steps per second per core and nanoseconds per
# decision, with the work counters (the run's work: line) beside them, on 1 and 2 ranks, for
# venezuela2022 and mali with Flee's validation profile and for a generated high-mobility
# scenario (migrasim-gen -mobility high, docs/generator.md). Shared scenarios that are absent
# are skipped with a message. MS_REPEAT rounds (default 1) run the configurations interleaved;
# the table gives the median and the range of each figure over the rounds.
# Usage: tests/bench/mobility.sh [agents] [days]   (generated scenario; defaults 1e7 and 120)
# MS_SHARED_DAYS limits the shared scenarios' days (default: their whole period).
set -euo pipefail
# --oversubscribe only where the ranks outnumber the cores (see bench.sh)
ms_over() { [ "$1" -gt "$(nproc)" ] && echo --oversubscribe || true; }
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MS_SHARED:-$here/../shared}
bdir=${MS_BIN:-$here/build}
agents=${1:-1e7}
days=${2:-120}
repeat=${MS_REPEAT:-1}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the scenarios: name, directory, settings, days (empty: the scenario's)
names=() dirs=() sets=() lens=()
validation=$shared/data/flee/simsetting-validation.yml
for sc in venezuela2022 mali; do
  if [ -d "$shared/data/flee/$sc" ] && [ -f "$validation" ]; then
    names+=("$sc") dirs+=("$shared/data/flee/$sc") sets+=("$validation") lens+=("${MS_SHARED_DAYS:-}")
  else
    echo "mobility: $shared/data/flee/$sc (or its validation profile) is absent; skipped"
  fi
done
"$bdir/migrasim-gen" -output "$tmp/gen" -mobility high -agents "$agents" -regions 24 \
  -locations_per_region 12 -days "$days" > "$tmp/gen.log"
names+=("gen-high-$agents") dirs+=("$tmp/gen") sets+=("$tmp/gen/simsetting.yml") lens+=("")

# run K NP: scenario K on NP ranks; appends "K NP rate acting% dec hops steps ns/decision
# ns/acting-day" to $tmp/rows
run()
{
  local k=$1 n=$2 log=$tmp/log
  mpiexec $(ms_over "$n") -n "$n" "$bdir/migrasim" -scenario "${dirs[$k]}" -settings "${sets[$k]}" \
    -output "$tmp/o.h5" -flee_csv none ${lens[$k]:+-days ${lens[$k]}} > "$log" 2>&1 || {
    echo "mobility: ${names[$k]} on $n ranks failed:"
    tail -n 5 "$log"
    exit 1
  }
  awk -v k="$k" -v n="$n" '
    /^acting:/ { acting = $2; sub(/%/, "", acting) }
    /^done:/ { wall = $6; rate = $(NF - 2); sub(/\(/, "", rate) }
    /^work:/ { dec = $2; hops = $4; steps = $7; act = $13; sub(/\(/, "", act) }
    END {
      printf "%d %d %s %s %s %s %s %.1f %.1f\n", k, n, rate, acting, dec, hops, steps,
        wall * n * 1e9 / (dec * act), wall * n * 1e9 / act
    }' "$log" >> "$tmp/rows"
}

echo "mobility benchmark ($(nproc) cores; $(date -u '+%Y-%m-%d %H:%M') UTC; load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "generated: $(cat "$tmp/gen.log")"
for ((r = 0; r < repeat; r++)); do
  for k in "${!names[@]}"; do
    for n in 1 2; do run "$k" "$n"; done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); figures: median [min-max] of $repeat round(s)"
printf "%-22s %5s %24s %7s %9s %6s %10s %22s %22s\n" scenario ranks "agent-steps/s per core" \
  "acting" decisions hops "link steps" "ns per decision" "ns per acting day"
# median [min-max] of column c of the rows of scenario k on n ranks
stat() {
  awk -v k="$1" -v n="$2" -v c="$3" '$1 == k && $2 == n { print $c }' "$tmp/rows" | sort -g |
    awk '{ v[++m] = $1 } END { printf "%.3g [%.3g-%.3g]", v[int((m + 1) / 2)], v[1], v[m] }'
}
for k in "${!names[@]}"; do
  for n in 1 2; do
    one() { awk -v k="$k" -v n="$n" -v c="$1" '$1 == k && $2 == n { print $c; exit }' "$tmp/rows"; }
    printf "%-22s %5s %24s %6s%% %9s %6s %10s %22s %22s\n" "${names[$k]}" "$n" "$(stat "$k" "$n" 3)" \
      "$(one 4)" "$(one 5)" "$(one 6)" "$(one 7)" "$(stat "$k" "$n" 8)" "$(stat "$k" "$n" 9)"
  done
done
