#!/usr/bin/env bash
# Speed and memory benchmark: agent-steps per second per core and resident bytes per agent,
# on the largest shared Flee scenario and on a scaled-up copy of it (-population_scale).
# Usage: tests/bench/bench.sh [scenario-name] [scale]    (defaults: venezuela2022 10)
set -euo pipefail
# --oversubscribe only where the ranks outnumber the cores: it makes Open MPI yield the core
# while it waits, which slows every collective of a run that has a core per rank
ms_over() { [ "$1" -gt "$(nproc)" ] && echo --oversubscribe || true; }
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MS_SHARED:-$here/../shared}
bin=${MS_BIN:-$here/build}/migrasim
sc=${1:-venezuela2022}
scale=${2:-10}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if [ ! -d "$shared/data/flee/$sc" ]; then echo "bench: $shared/data/flee/$sc is absent; skipped"; exit 0; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

run() { # ranks scale days -> prints "agents steps_per_s_per_rank peak_MiB store_bytes_per_agent wall"
  local n=$1 f=$2 d=$3 log=$tmp/log
  mpiexec $(ms_over "$n") -n "$n" "$bin" -scenario "$shared/data/flee/$sc" -output "$tmp/o.h5" -flee_csv none \
    -population_scale "$f" ${d:+-days $d} > "$log" 2>&1
  awk '/^done:/ {agents=$4; wall=$6; rate=$(NF-2); sub(/\(/,"",rate)}
       /^memory:/ {mib=$4; store=$(NF-3)}
       END {print agents, rate, mib, store, wall}' "$log"
}

echo "migrasim benchmark on $sc ($(nproc) cores; $(date -u +%Y-%m-%d))"
read -r _ _ base_mib _ _ < <(run 1 1 1)   # the process without agents: libraries, graph, buffers
printf "%-28s %12s %16s %14s %14s %10s\n" run agents "steps/s/core" "peak MiB" "bytes/agent" "wall s"
for cfg in "1 1" "1 $scale" "2 $scale"; do
  set -- $cfg
  read -r agents rate mib store wall < <(run "$1" "$2" "")
  # resident bytes per agent: peak resident set above the agent-free baseline of every rank
  bpa=$(awk -v m="$mib" -v b="$base_mib" -v n="$1" -v a="$agents" 'BEGIN {printf "%.1f", (m - n*b) * 1048576 / a}')
  printf "%-28s %12s %16s %14s %14s %10s\n" "$1 rank(s), scale $2" "$agents" "$rate" "$mib" "$bpa (store $store)" "$wall"
done

# Checkpoint write and read: the default scenario scaled to about 10 million agents, on 2 ranks.
echo
echo "checkpoints (inputs/default, -population_scale 140, 2 ranks):"
mpiexec $(ms_over 2) -n 2 "$bin" -scenario "$here/inputs/default" -population_scale 140 -output "$tmp/c.h5" -flee_csv none \
  -checkpoint_prefix "$tmp/ck" -checkpoint_every 180 > "$tmp/cw" 2>&1
agents=$(awk '/^done:/ {print $4}' "$tmp/cw")
wsec=$(awk '/^checkpoint:/ {gsub(/[()]/, "", $(NF-1)); s=$(NF-1)} END {print s}' "$tmp/cw")
bytes=$(stat -c %s "$tmp/ck.h5")
mpiexec $(ms_over 2) -n 2 "$bin" -scenario "$here/inputs/default" -population_scale 140 -output "$tmp/c.h5" -flee_csv none \
  -checkpoint_prefix "$tmp/ck2" -restart "$tmp/ck.h5" -days 181 > "$tmp/cr" 2>&1
rsec=$(awk '/^restart:/ {for (i = 1; i <= NF; i++) if ($i == "in") {print $(i+1); exit}}' "$tmp/cr")
awk -v a="$agents" -v w="$wsec" -v r="$rsec" -v b="$bytes" 'BEGIN {
  printf "  %d agents: %d bytes on disk, %.1f bytes per agent\n", a, b, b / a
  printf "  write %.2f s (%.0f MB/s), read %.2f s (%.0f MB/s)\n", w, b / w / 1e6, r, b / r / 1e6 }'
