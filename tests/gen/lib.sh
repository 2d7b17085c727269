# Shared helpers of the generator tests (tests/gen/gen_*.sh), sourced by each of them after
# tests/runs/common.sh (MS_BIN, MS_TMP, ms_fail/ms_ok/ms_skip/ms_finish, ms_run).
. "$(dirname "${BASH_SOURCE[0]}")/../runs/common.sh"

MS_GEN=$MS_BIN/migrasim-gen
[ -x "$MS_GEN" ] || { echo "FAIL: $MS_GEN not built"; exit 1; }

# gen_run TIMEOUT LOG ARGS...: run migrasim-gen (one process, no mpiexec), stdout to LOG.out and
# stderr to LOG.err; the exit status is the generator's (124: timed out). Open MPI starts such
# a singleton faster without its daemon (ess_singleton_isolated; other MPIs ignore it).
gen_run()
{
  local t=$1 log=$2
  shift 2
  OMPI_MCA_ess_singleton_isolated=1 timeout -k 5 "$t" "$MS_GEN" "$@" >"$log.out" 2>"$log.err"
}

# gen_graph DIR: one line "locations L routes M components C self S duplicates D unknown U
# dupnames N meandeg X" from input_csv/locations.csv and routes.csv (quotes and spaces
# trimmed, '#' lines skipped), with the components of the road graph by union-find.
gen_graph()
{
  awk -F, '
    function trim(s) { gsub(/^[ "]+|[ "\r]+$/, "", s); return s }
    function find(x,   r, y) { r = x; while (par[r] != r) r = par[r];
                               while (par[x] != r) { y = par[x]; par[x] = r; x = y }; return r }
    FNR == 1 { file++ }
    { f1 = trim($1); if (f1 == "" || substr(f1, 1, 1) == "#") next }
    file == 1 { if (f1 in id) dupn++; else { id[f1] = ++n; par[n] = n }; next }
    file == 2 { a = f1; b = trim($2); m++
                if (!(a in id) || !(b in id)) { unknown++; next }
                if (a == b) { self++; next }
                key = (id[a] < id[b]) ? id[a] SUBSEP id[b] : id[b] SUBSEP id[a]
                if (key in seen) dup++; seen[key] = 1
                ra = find(id[a]); rb = find(id[b]); if (ra != rb) par[ra] = rb }
    END { for (i = 1; i <= n; i++) if (find(i) == i) comps++
          printf "locations %d routes %d components %d self %d duplicates %d unknown %d dupnames %d meandeg %.3f\n",
                 n, m, comps, self + 0, dup + 0, unknown + 0, dupn + 0, n ? 2 * m / n : 0 }
  ' "$1/input_csv/locations.csv" "$1/input_csv/routes.csv"
}

# gen_crossings DIR: the number of pairs of routes (no shared end) whose straight lines cross,
# on the plane (longitude * cos 8 degrees, latitude) of the generator's map; quadratic, for
# graphs of a few thousand routes.
gen_crossings()
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

# gen_field LINE NAME: the value after NAME in a "name value name value" line.
gen_field() { printf '%s\n' "$1" | awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }

# gen_check_graph DIR WHAT [MIN MAX]: connected, no self or duplicate routes, every route
# between known locations, names unique, and (with MIN MAX) the mean degree within them.
gen_check_graph()
{
  local dir=$1 what=$2 lo=${3:-} hi=${4:-} line bad=""
  line=$(gen_graph "$dir")
  [ "$(gen_field "$line" components)" = 1 ] || bad="$bad not connected;"
  [ "$(gen_field "$line" self)" = 0 ] || bad="$bad self routes;"
  [ "$(gen_field "$line" duplicates)" = 0 ] || bad="$bad duplicate routes;"
  [ "$(gen_field "$line" unknown)" = 0 ] || bad="$bad routes name unknown locations;"
  [ "$(gen_field "$line" dupnames)" = 0 ] || bad="$bad location names repeat;"
  if [ -n "$lo" ] && ! awk -v d="$(gen_field "$line" meandeg)" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(d >= lo && d <= hi) }'; then
    bad="$bad mean degree outside [$lo, $hi];"
  fi
  if [ -n "$bad" ]; then ms_fail "$what:$bad ($line)"; else ms_ok "$what: $line"; fi
}

# gen_series_sum DIR K: the sum over the camps of data_layout.csv of their K-th data point
# (K = 1: first; K = last: last), registration corrections not applied.
gen_series_sum()
{
  local dir=$1 k=$2
  tr -d '"\r' <"$dir/source_data/data_layout.csv" | awk -F, '$1 != "total" && $1 !~ /^#/ && NF >= 2 { print $2 }' |
    while read -r f; do
      if [ "$k" = last ]; then tail -n 1 "$dir/source_data/$f"; else sed -n "$((k + 1))p" "$dir/source_data/$f"; fi
    done | awk -F, '{ s += $2 } END { printf "%.0f\n", s }'
}
