#!/usr/bin/env bash
# Side by side with Flee: wall time and ARD (validation settings, 5 seeds, mean and spread)
# for every scenario that ../shared/reference/flee covers, beside Flee's figures there.
# Usage: tests/bench/compare_flee.sh [seeds]     (default 5; 1 rank, as Flee is serial)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MS_SHARED:-$here/../shared}
bin=${MS_BIN:-$here/build}/migrasim
nseeds=${1:-5}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
ref=$shared/reference/flee/README.md
if [ ! -f "$ref" ]; then echo "compare_flee: $ref is absent; skipped"; exit 0; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "| scenario | days | agents | migrasim wall s (mean) | migrasim ARD mean ± sd ($nseeds seeds) | Flee ARD | Flee wall s | speed-up |"
echo "|---|---|---|---|---|---|---|---|"
for sc in mali burundi car tigray2020 ethiopia; do
  # Flee's row for the validation settings: | scenario | validation | seeds | days | ARD | ARDu | wall | rate |
  frow=$(awk -F'|' -v s="$sc" '$2 ~ "^ *"s" *$" && $3 ~ /validation/ {print; exit}' "$ref")
  fard=$(echo "$frow" | awk -F'|' '{gsub(/ /,"",$6); print $6}')
  fwall=$(echo "$frow" | awk -F'|' '{gsub(/ s/,"",$8); gsub(/ /,"",$8); print $8}')
  : > "$tmp/r"
  for seed in $(seq 1 "$nseeds"); do
    s0=$(date +%s.%N)
    "$bin" -scenario "$shared/data/flee/$sc" -settings "$shared/data/flee/simsetting-validation.yml" \
      -output "$tmp/o.h5" -flee_csv none -seed "$seed" > "$tmp/log" 2>&1
    s1=$(date +%s.%N)
    awk -v w="$(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')" '/^done:/ {d=$2; a=$4} /^ARD/ {r=$(NF-3)} END {print d, a, w, r}' "$tmp/log" >> "$tmp/r"
  done
  awk -v sc="$sc" -v fard="$fard" -v fwall="$fwall" '
    {d=$1; a=$2; w+=$3; r[NR]=$4; m+=$4}
    END {n=NR; w/=n; m/=n; for (i=1;i<=n;i++) v+=(r[i]-m)^2; sd=n>1?sqrt(v/(n-1)):0
         # Flee wall times are given as a range "62-76": take the low end for a conservative speed-up
         split(fwall, fw, "-");
         printf "| %s | %d | %d | %.2f | %.3f ± %.3f | %s | %s | %.0fx |\n", sc, d, a, w, m, sd, fard, fwall, fw[1]/w}' "$tmp/r"
done
