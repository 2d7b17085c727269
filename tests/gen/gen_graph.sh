#!/usr/bin/env bash
# gen_graph: the road graph of generated scenarios is connected, has no self or repeated
# routes and unique location names, is planar (no two roads cross, on two of them), and has a
# mean degree between 2.5 and 3.5 (tiny scenarios: connected only); the observed series add
# up to -agents on the last day and to -camp_fraction of it on day 0; conflicts.csv has one
# row per day and one column per conflict zone.
. "$(dirname "$0")/../lib.sh"

# crossings DIR: the number of pairs of routes (no shared end) whose straight lines cross,
# on the plane (longitude * cos 8 degrees, latitude) of the generator's map; quadratic, for
# graphs of a few thousand routes.
crossings()
{
  awk -F, '
    function trim(s) { gsub(/^[ "]+|[ "\r]+$/, "", s); return s }
    function orient(ax, ay, bx, by, cx, cy) { return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax) }
    FNR == 1 { file++ }
    { f1 = trim($1); if (f1 == "" || substr(f1, 1, 1) == "#") next }
    file == 1 { X[f1] = $5 * 0.990268; Y[f1] = $4; next }
    file == 2 { m++; A[m] = f1; B[m] = trim($2) }
    END {
      for (i = 1; i <= m; i++) {
        ax = X[A[i]]; ay = Y[A[i]]; bx = X[B[i]]; by = Y[B[i]]
        for (j = i + 1; j <= m; j++) {
          if (A[j] == A[i] || A[j] == B[i] || B[j] == A[i] || B[j] == B[i]) continue
          cx = X[A[j]]; cy = Y[A[j]]; dx = X[B[j]]; dy = Y[B[j]]
          if ((cx < ax && cx < bx && dx < ax && dx < bx) || (cx > ax && cx > bx && dx > ax && dx > bx)) continue
          if (orient(ax, ay, bx, by, cx, cy) * orient(ax, ay, bx, by, dx, dy) < 0 &&
              orient(cx, cy, dx, dy, ax, ay) * orient(cx, cy, dx, dy, bx, by) < 0) n++
        }
      }
      print n + 0
    }
  ' "$1/input_csv/locations.csv" "$1/input_csv/routes.csv"
}

# series_sum DIR K: the sum over the camps of data_layout.csv of their K-th data point
# (K = 1: first; K = last: last), registration corrections not applied.
series_sum()
{
  local dir=$1 k=$2
  tr -d '"\r' <"$dir/source_data/data_layout.csv" | awk -F, '$1 != "total" && $1 !~ /^#/ && NF >= 2 { print $2 }' |
    while read -r f; do
      if [ "$k" = last ]; then tail -n 1 "$dir/source_data/$f"; else sed -n "$((k + 1))p" "$dir/source_data/$f"; fi
    done | awk -F, '{ s += $2 } END { printf "%.0f\n", s }'
}

# gen NAME ARGS...: generate in the background (the runs mostly wait for MPI to start).
gen()
{
  local name=$1
  shift
  echo "$*" >"$name.args"
  (gen_run 60 "$name" -output "$name" "$@"; echo $? >"$name.rc") &
}

# check NAME MIN MAX: check a generated graph (MIN MAX empty: no degree check).
check()
{
  local name=$1 lo=$2 hi=$3 args rc
  args=$(cat "$name.args")
  rc=$(cat "$name.rc")
  if [ "$rc" -ne 0 ]; then
    ms_fail "$name ($args): migrasim-gen exited with $rc"
    ms_show "$name"
    return 1
  fi
  gen_check_graph "$name" "$name ($args)" $lo $hi
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
  c=$(crossings "$name")
  [ "$c" = 0 ] && ms_ok "$name: no two roads cross" || ms_fail "$name: $c pairs of roads cross"
done

# the observed series: N on the last day, camp_fraction * N on day 0
if [ "$(cat "obs.rc")" -eq 0 ]; then
  last=$(series_sum "obs" last)
  first=$(series_sum "obs" 1)
  day0=$(awk -v n=$n 'BEGIN { printf "%.0f\n", int(0.75 * n + 0.5) }')
  [ "$last" = $n ] && ms_ok "camp series sum to $n on the last day" || ms_fail "camp series sum to $last on the last day, not $n"
  [ "$first" = "$day0" ] && ms_ok "camp series sum to $day0 on day 0" || ms_fail "camp series sum to $first on day 0, not $day0"
  tot_last=$(tail -n 1 "obs/source_data/total.csv" | cut -d, -f2)
  [ "$tot_last" = $n ] && ms_ok "total.csv ends at $n" || ms_fail "total.csv ends at $tot_last, not $n"
  zones=$(awk -F, '$6 == "conflict_zone"' "obs/input_csv/locations.csv" | wc -l)
  shape=$(awk -F, 'NR == 1 { c = NF - 1 } END { print NR - 1, c }' "obs/input_csv/conflicts.csv")
  [ "$shape" = "90 $zones" ] && ms_ok "conflicts.csv: 90 days x $zones zones" || ms_fail "conflicts.csv: '$shape' (days, columns), not '90 $zones'"
else
  ms_fail "generation of the observation check failed"
  ms_show "obs"
fi
ms_finish
