#!/usr/bin/env bash
# Validation against real data (docs/validation.md): for every scenario of ../shared/data/flee
# with observed camp data, the averaged relative difference (MODEL.md section 9)
#   - with migrasim's default settings, 10 seeds (mean and spread),
#   - with Flee's validation profile (simsetting-validation.yml), 10 seeds,
#   - after calibration: a Sobol sweep of camp_weight and conflict_weight on top of the
#     validation profile (migrasim -sweep), an ABC posterior (migrasim-calibrate), and the
#     best point rerun with 10 fresh seeds (seeds 101-110, not those the sweep saw).
# Prints a Markdown table. Usage: postprocess/validate_shared.sh [points] [seeds]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${MS_BIN:-$here/build}
flee=${MS_SHARED:-$here/../shared}/data/flee
points=${1:-16}
seeds=${2:-10}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
[ -d "$flee" ] || { echo "validate_shared: $flee is absent; nothing to validate"; exit 0; }
for b in migrasim migrasim-calibrate; do [ -x "$bin/$b" ] || { echo "validate_shared: $bin/$b not built"; exit 1; }; done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
yml=$flee/simsetting-validation.yml

# ard SCENARIO SEED ARGS...: the rescaled ARD of one run (1 rank)
ard()
{
  local sc=$1 seed=$2
  shift 2
  "$bin/migrasim" -scenario "$flee/$sc" -seed "$seed" -output "$tmp/$sc.$seed.$$.$RANDOM.h5" -flee_csv none "$@" 2>&1 |
    awk '/^ARD/ {for (i = 1; i <= NF; i++) if ($i == "rescaled,") print $(i-1)}'
  rm -f "$tmp/$sc.$seed."*.h5
}
export -f ard
export bin flee tmp

# stats: mean and sample standard deviation of the numbers on stdin
stats() { awk '{s += $1; q += $1 * $1; n++} END {m = s / n; v = n > 1 ? (q - n * m * m) / (n - 1) : 0; printf "%.3f ± %.3f", m, sqrt(v > 0 ? v : 0)}'; }

# seeds_ard SCENARIO FIRST ARGS...: ARD of $seeds seeds from FIRST, two runs at a time
seeds_ard()
{
  local sc=$1 first=$2
  shift 2
  seq "$first" $((first + seeds - 1)) | xargs -P 2 -I{} bash -c 'ard "$0" {} "$@"' "$sc" "$@" | stats
}

echo "| scenario | default settings, $seeds seeds | validation profile, $seeds seeds | calibrated camp_weight, conflict_weight (ABC posterior mean; best point) | calibrated, $seeds new seeds | Flee (published) |"
echo "|---|---|---|---|---|---|"
for dir in "$flee"/*/; do
  sc=$(basename "$dir")
  [ -f "$dir/source_data/data_layout.csv" ] || continue
  case $sc in
    mali) pub="0.26-0.28" ;; burundi) pub="0.54" ;; car) pub="0.32-0.37" ;; ethiopia) pub="0.41" ;;
    nigeria2016) pub="0.17-0.18" ;; venezuela2022) pub="0.32" ;; *) pub="-" ;;
  esac
  d=$(seeds_ard "$sc" 1)
  v=$(seeds_ard "$sc" 1 -settings "$yml")
  cat > "$tmp/design.yml" <<YML
sampler: sobol
points: $points
seeds: 1
seed: 1
parameters:
  move_rules_camp_weight: [0.5, 4.0]
  move_rules_conflict_weight: [0.05, 1.0]
YML
  rm -rf "$tmp/sweep"
  mpiexec --oversubscribe -n 2 "$bin/migrasim" -scenario "$flee/$sc" -settings "$yml" -sweep "$tmp/design.yml" \
    -ranks_per_member 1 -sweep_output "$tmp/sweep" > "$tmp/sweep.log" 2>&1 || { echo "validate_shared: the sweep of $sc failed:"; tail -5 "$tmp/sweep.log"; exit 1; }
  "$bin/migrasim-calibrate" -sweep "$tmp/sweep" -scenario "$flee/$sc" -accept_fraction 0.25 -output "$tmp/cal.h5" > "$tmp/cal.log" 2>&1 ||
    { echo "validate_shared: calibrating $sc failed:"; tail -5 "$tmp/cal.log"; exit 1; }
  # the summary CSV: parameter,lower,upper,mean,q05,q50,q95,best,pounders
  read -r cw kw < <(awk -F, '$1 ~ /camp_weight/ {c = $8} $1 ~ /conflict_weight/ {k = $8} END {print c, k}' "$tmp/cal.csv")
  pm=$(awk -F, '$1 ~ /camp_weight/ {c = $4} $1 ~ /conflict_weight/ {k = $4} END {printf "%.2f, %.3f", c, k}' "$tmp/cal.csv")
  [ -n "$cw" ] && [ -n "$kw" ] || { echo "validate_shared: no calibrated values for $sc in $tmp/cal.csv"; exit 1; }
  c=$(seeds_ard "$sc" 101 -settings "$yml" -move_rules_camp_weight "$cw" -move_rules_conflict_weight "$kw")
  echo "| $sc | $d | $v | $pm; $(printf '%.2f, %.3f' "$cw" "$kw") | $c | $pub |"
done
