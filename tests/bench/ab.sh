#!/usr/bin/env bash
# Two builds of migrasim on the same run, as interleaved pairs (A, B, A, B, ...): the run's own
# wall time (its "done:" line) of each, with the medians, the ranges and the median of B/A.
# Interleaving puts both builds in the same minutes of a noisy machine.
# Usage: tests/bench/ab.sh [-n PAIRS] [-np RANKS] BUILD_A BUILD_B -- MIGRASIM_OPTIONS...
#   e.g. tests/bench/ab.sh -n 8 /work/old/build build -- -scenario inputs/default -seed 1
set -euo pipefail
pairs=5 np=1
while [ $# -gt 0 ]; do
  case $1 in
  -n) pairs=$2; shift 2 ;;
  -np) np=$2; shift 2 ;;
  *) break ;;
  esac
done
[ $# -ge 3 ] && [ "$3" = "--" ] || { echo "usage: $0 [-n PAIRS] [-np RANKS] BUILD_A BUILD_B -- OPTIONS..." >&2; exit 2; }
a=$1 b=$2
shift 3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/migrasim-ab.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
over=""; [ "$np" -gt "$(nproc)" ] && over=--oversubscribe
once() { # BUILD: prints the wall seconds of one run
  local bin=$1; shift
  mpiexec $over -n "$np" "$bin/migrasim" "$@" -output "$tmp/o.h5" -flee_csv none > "$tmp/log" 2>&1 ||
    { echo "ab: run of $bin failed:" >&2; tail -5 "$tmp/log" >&2; exit 1; }
  sed -n 's/^done: .* agents, \([0-9.]*\) s,.*/\1/p' "$tmp/log"
}
ta=() tb=()
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((k = 0; k < pairs; k++)); do
  ta+=("$(once "$a" "$@")")
  tb+=("$(once "$b" "$@")")
  echo "pair $((k + 1)): A ${ta[-1]} s  B ${tb[-1]} s"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${ta[@]}" > "$tmp/a"; printf '%s\n' "${tb[@]}" > "$tmp/b"
paste "$tmp/a" "$tmp/b" | awk '{ print $2 / $1 }' > "$tmp/r"
stats() { sort -g "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median %.4g, range %.4g-%.4g", m, v[1], v[NR] }'; }
echo "A ($a): $(stats "$tmp/a") s"
echo "B ($b): $(stats "$tmp/b") s"
echo "B/A by pair: $(stats "$tmp/r")"
