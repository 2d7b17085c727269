#!/usr/bin/env bash
# Digests of /daily (and of Flee's out.csv) for a fixed set of runs: the default scenario on
# 1-3 ranks (with repartitions, work stealing and a restart), every small scenario of the
# tests, a generated one and, where ../shared is present, every shared Flee scenario with
# Flee's default and validation settings. A change that must not alter any output (a
# refactoring) gives the same lines before and after it:
#     tests/tools/daily_digest.sh build > before.txt   # on the old commit
#     tests/tools/daily_digest.sh build > after.txt && diff before.txt after.txt
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "${1:-$src/build}" && pwd)
shared=${MS_SHARED:-$src/../shared}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ms_digest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

digest() # NAME FILE.h5 [OUT.csv]: one line, the md5 of every /daily dataset (and of the CSV)
{
  local d c=""
  d=$(/usr/bin/python3 - "$2" <<'PY'
import hashlib, sys, h5py
h = hashlib.md5()
with h5py.File(sys.argv[1], "r") as f:
    for k in sorted(f["daily"]):
        h.update(k.encode()); h.update(f["daily"][k][()].tobytes())
print(h.hexdigest())
PY
)
  [ -n "${3:-}" ] && [ -f "$3" ] && c=" out.csv $(md5sum < "$3" | cut -c1-32)"
  echo "$1 daily $d$c"
}

run() # NAME NP ARGS...
{
  local name=$1 np=$2
  shift 2
  mpiexec -n "$np" "$bin/migrasim" -output "$tmp/$name.h5" "$@" > "$tmp/$name.log" 2>&1 ||
    { echo "$name FAILED (exit $?)"; tail -3 "$tmp/$name.log"; return 0; }
  digest "$name" "$tmp/$name.h5" "$tmp/$name.out.csv"
}

def=$src/inputs/default
for np in 1 2 3; do run default-np$np "$np" -scenario "$def" -seed 1; done
run default-s7 2 -scenario "$def" -seed 7 -partition location
run default-rebal 3 -scenario "$def" -seed 3 -rebalance_threshold 1.0001 -rebalance_interval 3 -rebalance_check_cost false -rebalance_measure work
run default-steal 2 -scenario "$def" -seed 2 -steal true -step_block 64 -steal_min 8
mpiexec -n 2 "$bin/migrasim" -scenario "$def" -seed 5 -days 60 -checkpoint_every 30 -checkpoint_prefix "$tmp/ck" -output "$tmp/rs.h5" > "$tmp/rs1.log" 2>&1
mpiexec -n 3 "$bin/migrasim" -scenario "$def" -seed 5 -restart "$tmp/ck.h5" -output "$tmp/rs.h5" > "$tmp/rs2.log" 2>&1 &&
  digest default-restart "$tmp/rs.h5" "$tmp/rs.out.csv" || echo "default-restart FAILED"
for d in "$src"/tests/rules/*/ "$src"/tests/runs/ring4/ "$src"/tests/calibrate/twin/; do
  [ -d "$d/input_csv" ] || continue
  n=$(basename "$d")
  # a scenario without observed series spawns conflict-driven (data-driven needs them)
  sp=()
  [ -f "$d/source_data/data_layout.csv" ] ||
    sp=(-spawn_rules_conflict_driven_spawning true -spawn_rules_displaced_per_conflict_day 500 -spawn_rules_spawn_mode poisson)
  run "test-$n" 1 -scenario "$d" -seed 1 "${sp[@]}"
  run "test-$n-np2" 2 -scenario "$d" -seed 4 "${sp[@]}" -move_rules_awareness_level 2 -move_rules_start_on_foot true -move_rules_avoid_short_stints true
done
"$bin/migrasim-gen" -output "$tmp/gen" -regions 12 -locations_per_region 8 -agents 200000 -days 120 -seed 3 > "$tmp/gen.log" 2>&1
run gen-np2 2 -scenario "$tmp/gen" -settings "$tmp/gen/simsetting.yml" -seed 1
if [ -d "$shared/data/flee" ]; then
  for d in "$shared"/data/flee/*/; do
    n=$(basename "$d")
    run "flee-$n-default" 2 -scenario "$d" -seed 1
    run "flee-$n-validation" 2 -scenario "$d" -settings "$shared/data/flee/simsetting-validation.yml" -seed 2
  done
else
  echo "SKIP: shared Flee scenarios not found at $shared/data/flee"
fi
