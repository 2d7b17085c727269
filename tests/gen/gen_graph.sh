#!/usr/bin/env bash
# gen_graph: the road graph of generated scenarios is connected, has no self or repeated
# routes and unique location names, is planar (no two roads cross, on two of them), and a mean degree between 2.5 and 3.5 (tiny scenarios:
# connected only); the observed series add up to -agents on the last day and to
# -camp_fraction of it on day 0; conflicts.csv has one row per day and one column per
# conflict zone.
. "$(dirname "$0")/lib.sh"

# gen NAME ARGS...: generate in the background (the runs mostly wait for MPI to start).
gen()
{
  local name=$1
  shift
  echo "$*" >"$MS_TMP/$name.args"
  (gen_run 60 "$MS_TMP/$name" -output "$MS_TMP/$name" "$@"; echo $? >"$MS_TMP/$name.rc") &
}

# check NAME MIN MAX: check a generated graph (MIN MAX empty: no degree check).
check()
{
  local name=$1 lo=$2 hi=$3 args rc
  args=$(cat "$MS_TMP/$name.args")
  rc=$(cat "$MS_TMP/$name.rc")
  if [ "$rc" -ne 0 ]; then
    ms_fail "$name ($args): migrasim-gen exited with $rc"
    ms_show "$MS_TMP/$name"
    return 1
  fi
  gen_check_graph "$MS_TMP/$name" "$name ($args)" $lo $hi
}

n=123457
gen default -seed 3
gen wide -regions 20 -locations_per_region 50 -seed 4
gen strip -regions 3 -locations_per_region 200 -seed 5
wait
gen dense -regions 40 -locations_per_region 25 -region_km 60 -seed 6
gen tiny -regions 2 -locations_per_region 1
gen small -regions 2 -locations_per_region 3 -seed 9
gen obs -regions 10 -locations_per_region 20 -agents $n -camp_fraction 0.75 -registration_corrections 0 -days 90 -seed 11
wait
check default 2.5 3.5
check wide 2.5 3.5
check strip 2.5 3.5
check dense 2.5 3.5
check tiny "" ""
check small "" ""
for name in default strip; do
  c=$(gen_crossings "$MS_TMP/$name")
  [ "$c" = 0 ] && ms_ok "$name: no two roads cross" || ms_fail "$name: $c pairs of roads cross"
done

# the observed series: N on the last day, camp_fraction * N on day 0
if [ "$(cat "$MS_TMP/obs.rc")" -eq 0 ]; then
  last=$(gen_series_sum "$MS_TMP/obs" last)
  first=$(gen_series_sum "$MS_TMP/obs" 1)
  day0=$(awk -v n=$n 'BEGIN { printf "%.0f\n", int(0.75 * n + 0.5) }')
  [ "$last" = $n ] && ms_ok "camp series sum to $n on the last day" || ms_fail "camp series sum to $last on the last day, not $n"
  [ "$first" = "$day0" ] && ms_ok "camp series sum to $day0 on day 0" || ms_fail "camp series sum to $first on day 0, not $day0"
  tot_last=$(tail -n 1 "$MS_TMP/obs/source_data/total.csv" | cut -d, -f2)
  [ "$tot_last" = $n ] && ms_ok "total.csv ends at $n" || ms_fail "total.csv ends at $tot_last, not $n"
  zones=$(awk -F, '$6 == "conflict_zone"' "$MS_TMP/obs/input_csv/locations.csv" | wc -l)
  shape=$(awk -F, 'NR == 1 { c = NF - 1 } END { print NR - 1, c }' "$MS_TMP/obs/input_csv/conflicts.csv")
  [ "$shape" = "90 $zones" ] && ms_ok "conflicts.csv: 90 days x $zones zones" || ms_fail "conflicts.csv: '$shape' (days, columns), not '90 $zones'"
else
  ms_fail "generation of the observation check failed"
  ms_show "$MS_TMP/obs"
fi
ms_finish
