#!/usr/bin/env bash
# Sobol indices on real scenarios (docs/sensitivity.md): for mali and burundi of
# ../shared/data/flee (each skipped, with a message, where absent), a Saltelli sweep of
# camp_weight [0.5, 4], conflict_weight [0.05, 1], max_move_speed [100, 500] and
# default_movechance [0.1, 0.6] over the first DAYS days, then migrasim-sensitivity of the ARD
# and every camp's last-day population. Small enough for 2 cores: N base points give 6 N runs.
# Usage: postprocess/sensitivity_shared.sh [N=32] [DAYS=100] [OUTDIR=sensitivity_shared]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${MS_BIN:-$here/build}
flee=${MS_SHARED:-$here/../shared}/data/flee
n=${1:-32}
days=${2:-100}
out=${3:-sensitivity_shared}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
for b in migrasim migrasim-sensitivity; do [ -x "$bin/$b" ] || { echo "sensitivity_shared: $bin/$b not built"; exit 1; }; done
mkdir -p "$out"
cat >"$out/saltelli.yml" <<YML
sampler: saltelli
points: $n
seed: 1
parameters:
  move_rules_camp_weight: [0.5, 4.0]
  move_rules_conflict_weight: [0.05, 1.0]
  move_rules_max_move_speed: [100, 500]
  move_rules_default_movechance: [0.1, 0.6]
YML
for sc in mali burundi; do
  if [ ! -d "$flee/$sc/input_csv" ]; then
    echo "sensitivity_shared: $flee/$sc is absent: skipped"
    continue
  fi
  mpiexec --oversubscribe -n 2 "$bin/migrasim" -scenario "$flee/$sc" -days "$days" \
    -sweep "$out/saltelli.yml" -sweep_output "$out/$sc" -flee_csv none >"$out/$sc.sweep.log" 2>&1
  "$bin/migrasim-sensitivity" -sweep "$out/$sc" -output ard,camps | tee "$out/$sc.txt"
done
