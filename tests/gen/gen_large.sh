#!/usr/bin/env bash
# gen_large: 100,000 locations and 10^8 agents generate within 60 s (seconds on a quiet
# machine); the graph is connected with a mean degree between 2.5 and 3.5, and the camp
# series reach 10^8 on the last day.
. "$(dirname "$0")/../lib.sh"

t0=$(date +%s.%N)
gen_run 60 big -output big -regions 100 -locations_per_region 1000 -agents 1e8 -seed 2
rc=$?
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
if [ $rc -ne 0 ]; then
  ms_fail "100k locations, 1e8 agents: exit status $rc after $secs s$([ $rc = 124 ] && echo ' (timed out)')"
  ms_show big
  ms_finish
fi
ms_ok "100k locations, 1e8 agents generated in $secs s: $(cat big.out)"
gen_check_graph big "100k locations" 2.5 3.5
last=$(tail -n 1 big/source_data/total.csv | cut -d, -f2)
[ "$last" = 100000000 ] && ms_ok "total.csv ends at 1e8" || ms_fail "total.csv ends at '$last', not 100000000"
ms_finish
