#!/usr/bin/env bash
# Option sets side by side: a 1-rank run and one 2-rank run per option set, interleaved and
# repeated, on one generated scenario; prints every run, then the median day-loop time of each
# and its efficiency against the 1-rank median (T1 / (2 T2)), and the efficiency of each
# repetition (a 1-rank run and the 2-rank run right after it). This machine's speed drifts by
# minutes, so only runs close in time compare: each repetition runs every set once, in turn.
# Usage: tests/bench/options.sh [-n REPEATS] [-a AGENTS] 'LABEL:OPTIONS' ...
#   e.g. tests/bench/options.sh -n 8 'default:' 'no stealing:-steal false'
# Environment: MS_BIN (build directory, default build/).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bindir=${MS_BIN:-$here/build}
sim=$bindir/migrasim gen=$bindir/migrasim-gen
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

die() { echo "options: error: $*" >&2; exit 1; }
repeat=5 agents=1e7
while getopts "n:a:" o; do
  case $o in
    n) repeat=$OPTARG ;;
    a) agents=$OPTARG ;;
    *) die "usage: tests/bench/options.sh [-n REPEATS] [-a AGENTS] 'LABEL:OPTIONS' ..." ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: tests/bench/options.sh [-n REPEATS] [-a AGENTS] 'LABEL:OPTIONS' ...  (at least one option set)"
[[ "$repeat" =~ ^[1-9][0-9]?$ ]] || die "-n must be a number of repetitions from 1 to 99, not '$repeat'"
awk -v a="$agents" 'BEGIN { exit !(a ~ /^[0-9]+(\.[0-9]+)?([eE][+]?[0-9]+)?$/ && a + 0 >= 1000 && a + 0 <= 1e9) }' \
  || die "-a must be a number of agents between 1000 and 1e9, not '$agents'"
for spec in "$@"; do
  [[ "$spec" == *:* ]] || die "option set '$spec' has no 'LABEL:' before its options"
done
for b in "$sim" "$gen"; do
  [ -x "$b" ] || die "$b is missing: build with 'make -C $bindir -j2' (or set MS_BIN)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/migrasim-options.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# the scenario of tests/bench/scale.sh
"$gen" -output "$tmp/G" -agents "$agents" -camp_fraction 0.9 -regions 64 -locations_per_region 40 -days 200 > "$tmp/gen.log" 2>&1 \
  || { tail -n 20 "$tmp/gen.log" >&2; die "migrasim-gen failed"; }

# loop: the day-loop seconds of the done: line; a failed run stops the script with its last lines
loop() {
  local log=$tmp/run.log rc=0
  "$@" -scenario "$tmp/G" -settings "$tmp/G/simsetting.yml" -output "$tmp/o.h5" -flee_csv none > "$log" 2>&1 || rc=$?
  grep -q '^done:' "$log" && [ "$rc" -eq 0 ] || { tail -n 20 "$log" >&2; die "run failed (exit status $rc): $*"; }
  awk '/^done:/ { print $6 }' "$log"
}

echo "options.sh: $agents agents, $repeat repetitions; $(nproc) cores, $(uname -n); $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
results=$tmp/results
for k in $(seq 1 "$repeat"); do
  printf '1-rank\t%s\n' "$(loop "$sim")" | tee -a "$results"
  for spec in "$@"; do
    label=${spec%%:*} opts=${spec#*:}
    # shellcheck disable=SC2086 # the options are words
    printf '%s\t%s\n' "$label" "$(loop mpiexec -n 2 "$sim" $opts)" | tee -a "$results"
  done
done
echo
# the efficiency of each repetition pairs its 1-rank run with the 2-rank run right after it:
# both ran within seconds, so a slow minute of the machine tends to hit both
awk -F'\t' '
  function median(s,   v, n, i, j, t) {
    n = split(s, v, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function range(s,   v, n, i, lo, hi) {
    n = split(s, v, " "); lo = hi = v[1] + 0
    for (i = 2; i <= n; i++) { if (v[i] + 0 < lo) lo = v[i] + 0; if (v[i] + 0 > hi) hi = v[i] + 0 }
    return sprintf("%.3f-%.3f", lo, hi)
  }
  {
    if (!($1 in runs)) order[++n] = $1
    runs[$1] = runs[$1] " " $2
    if ($1 == "1-rank") last = $2
    else { pairs[$1] = pairs[$1] " " sprintf("%.3f", last / (2 * $2)); npair[$1]++; if (last / (2 * $2) >= 0.9) over[$1]++ }
  }
  END {
    t1 = median(runs["1-rank"])
    printf "%-24s %10s %11s   %s\n", "runs", "median s", "efficiency", "each run (s)"
    for (i = 1; i <= n; i++) {
      m = median(runs[order[i]])
      printf "%-24s %10.3f %11s  %s\n", order[i], m, order[i] == "1-rank" ? "" : sprintf("%.3f", t1 / (2 * m)), runs[order[i]]
    }
    printf "\nefficiency of each repetition (its 1-rank run over twice the 2-rank run after it):\n"
    printf "%-24s %10s %13s %9s   %s\n", "runs", "median", "range", "at 0.90+", "each"
    for (i = 2; i <= n; i++)
      printf "%-24s %10.3f %13s %6d/%-2d  %s\n", order[i], median(pairs[order[i]]), range(pairs[order[i]]), over[order[i]], npair[order[i]], pairs[order[i]]
  }' "$results"
