#!/usr/bin/env bash
# Twin experiment (docs/calibration.md): observed data made by migrasim itself on the small
# scenario tests/calibrate/twin with known camp_weight and conflict_weight; a sweep over both;
# the ABC posterior's 5-95 % interval must cover the truth, and POUNDERS (in-process, 2 ranks,
# common random numbers) must end within 10 % of each value.
# Leaves its files in MS_CAL_WORK (the calibrate_plots test reads them).
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

# The twin scenario's fixed settings: conflict-driven spawning (the observed series enter only
# the metrics), no day-0 insertion, 4000 agents a day per unit of intensity, and a day's travel
# (200 km) about one link long so that the camps fill over days, not hops.
TWIN_FIXED=(-spawn_rules_conflict_driven_spawning true -spawn_rules_insert_day0 false
  -spawn_rules_displaced_per_conflict_day 4000 -move_rules_max_move_speed 200 -progress_every 100000)

# obs_from_outcsv OUTCSV SCNDIR: every camp's "sim" column of a Flee out.csv becomes the
# scenario's observed series (source_data/data_layout.csv and one date,count file per camp).
obs_from_outcsv()
{
  awk -F, -v dir="$2/source_data" '
    NR == 1 {
      print "total,total.csv" > (dir "/data_layout.csv")
      for (i = 3; i <= NF; i++)
        if ($i ~ / sim$/ && $i != "total refugees (simulation)") {
          n++; col[n] = i; name = $i; sub(/ sim$/, "", name)
          file[n] = tolower(name) ".csv"; gsub(/ /, "_", file[n])
          print name "," file[n] >> (dir "/data_layout.csv")
          print "date,count" > (dir "/" file[n])
        }
      print "date,count" > (dir "/total.csv")
      next
    }
    { s = 0; for (k = 1; k <= n; k++) { print $2 "," $col[k] >> (dir "/" file[k]); s += $col[k] }
      print $2 "," s >> (dir "/total.csv") }' "$1"
}

# csv_field CSV PARAM COLUMN: a value of the calibration summary CSV.
csv_field()
{
  awk -F, -v p="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } $1 == p { print $c }' "$1"
}

# within V LO HI: whether LO <= V <= HI.
within() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }

# near V TRUTH FRACTION: whether |V - TRUTH| <= FRACTION * |TRUTH|.
near() { awk -v v="$1" -v t="$2" -v f="$3" 'BEGIN { d = v - t; if (d < 0) d = -d; a = t < 0 ? -t : t; exit !(d <= f * a) }'; }

TRUE_CAMP=2.0
TRUE_CONFLICT=0.4
W=${MS_CAL_WORK:-$MS_TMP/twin}
rm -rf "$W" && mkdir -p "$W" || exit 1

# 1. the truth: seed 99, which no member of the sweep uses
ms_must_run 0 60 "$W/truth" -scenario "$MS_TESTS/calibrate/twin" "${TWIN_FIXED[@]}" -move_rules_camp_weight $TRUE_CAMP \
  -move_rules_conflict_weight $TRUE_CONFLICT -seed 99 -output "$W/truth.h5" -flee_csv "$W/truth.csv"
cp -r "$MS_TESTS/calibrate/twin" "$W/scenario"
obs_from_outcsv "$W/truth.csv" "$W/scenario"
[ "$(wc -l <"$W/scenario/source_data/near_camp.csv")" -eq 41 ] || { ms_fail "observed series not made from $W/truth.csv"; ms_finish; }
ms_ok "truth: camp_weight $TRUE_CAMP, conflict_weight $TRUE_CONFLICT, seed 99, 40 days, camp series made observed data"

# 2. the sweep (migrasim -sweep, a list design): 48 points of a Halton sequence over camp_weight 0.5..4.5, conflict_weight
#    0.1..0.9, one replicate each, seed 1
CAL_PARAMS=(move_rules_camp_weight move_rules_conflict_weight)
CAL_EXTRA=("${TWIN_FIXED[@]}")
mapfile -t design < <(awk 'function h(i, b,   f, r) { f = 1; r = 0; while (i > 0) { f /= b; r += f * (i % b); i = int(i / b) } return r }
  BEGIN { for (k = 0; k < 48; k++) printf "%d,%d,0,1,%.4f,%.4f\n", k, k, 0.5 + 4 * h(k + 1, 2), 0.1 + 0.8 * h(k + 1, 3) }')
t0=$(date +%s)
cal_sweep "$W/sweep" "$W/scenario" "${design[@]}"
ndone=$(grep -c ',done,' "$W/sweep/status.csv")
[ "$ndone" -eq 48 ] || { ms_fail "sweep: $ndone of 48 members done"; ms_finish; }
ms_ok "sweep: 48 members in $(($(date +%s) - t0)) s"

# 3. ABC: the closest 20 % of the points
cal_run 0 60 "$W/abc" -sweep "$W/sweep" -accept_fraction 0.2 -output "$W/abc.h5"
rc=$?
sed 's/^/  | /' "$W/abc.out"
if [ $rc -ne 0 ]; then
  ms_show "$W/abc"; ms_fail "migrasim-calibrate (abc) exit status $rc"
fi
for f in abc.h5 abc.csv abc.md; do [ -s "$W/$f" ] || ms_fail "$f not written"; done
check_posterior()
{
  local p=$1 truth=$2 lo hi mean
  lo=$(csv_field "$W/abc.csv" "$p" q05)
  hi=$(csv_field "$W/abc.csv" "$p" q95)
  mean=$(csv_field "$W/abc.csv" "$p" mean)
  if within "$truth" "$lo" "$hi"; then ms_ok "ABC: $p truth $truth within the 90 % interval [$lo, $hi] (mean $mean)"
  else ms_fail "ABC: $p truth $truth outside the 90 % interval [$lo, $hi] (mean $mean)"; fi
}
check_posterior move_rules_camp_weight $TRUE_CAMP
check_posterior move_rules_conflict_weight $TRUE_CONFLICT
nacc=$(ms_attr "$W/abc.h5" points_accepted)
[ "$nacc" = 10 ] && ms_ok "ABC: 10 of 48 points accepted" || ms_fail "ABC: $nacc points accepted, want ceil(0.2 * 48) = 10"
# the bands bracket the median, for every camp and day
h5dump -d /camps/q05 -d /camps/q50 -d /camps/q95 -y -w 0 "$W/abc.h5" | awk '/DATASET/ { k++ } /^ *[0-9.]/ { gsub(/,/, " "); for (i = 1; i <= NF; i++) v[k, ++n[k]] = $i }
  END { for (i = 1; i <= n[1]; i++) if (v[1, i] > v[2, i] || v[2, i] > v[3, i]) bad++; exit bad > 0 || n[1] != 120 }' &&
  ms_ok "ABC: 5 <= 50 <= 95 % bands for 3 camps x 40 days" || ms_fail "ABC: bands out of order or not 3 x 40 values"

# 4. POUNDERS on 2 ranks from the best member, 2 replicates per evaluation
t0=$(date +%s)
cal_run 2 150 "$W/pounders" -sweep "$W/sweep" -accept_fraction 0.2 -method pounders -replicates 2 -output "$W/pounders.h5"
rc=$?
grep -v '^pounders: evaluation' "$W/pounders.out" | sed 's/^/  | /'
if [ $rc -ne 0 ]; then
  ms_show "$W/pounders"; ms_fail "migrasim-calibrate (pounders) exit status $rc"
else
  ms_ok "POUNDERS: $(grep -c '^pounders: evaluation' "$W/pounders.out") evaluations in $(($(date +%s) - t0)) s"
fi
for p in move_rules_camp_weight:$TRUE_CAMP move_rules_conflict_weight:$TRUE_CONFLICT; do
  v=$(csv_field "$W/pounders.csv" "${p%%:*}" pounders)
  if [ -n "$v" ] && near "$v" "${p#*:}" 0.10; then ms_ok "POUNDERS: ${p%%:*} $v within 10 % of ${p#*:}"
  else ms_fail "POUNDERS: ${p%%:*} '$v' not within 10 % of ${p#*:}"; fi
done
# the same ABC posterior with and without POUNDERS
for p in "${CAL_PARAMS[@]}"; do
  [ "$(csv_field "$W/abc.csv" "$p" mean)" = "$(csv_field "$W/pounders.csv" "$p" mean)" ] || ms_fail "ABC posterior of $p differs between the two calibrations"
done
# the options database was restored: -output is still the calibration's, no scratch left behind
[ -e "$W/pounders.scratch.h5" ] && ms_fail "POUNDERS left its scratch file"

# 5. migrasim-compare on the two calibrations: same posterior, so only POUNDERS' rows differ
"$MIGRASIM_COMPARE" "$W/abc.h5" "$W/abc.h5" >"$W/cmp_same.out" 2>&1
rc=$?
[ $rc -eq 0 ] && ms_ok "compare: a calibration with itself: exit 0" || { cat "$W/cmp_same.out"; ms_fail "compare: a calibration with itself: exit $rc, want 0"; }
"$MIGRASIM_COMPARE" "$W/abc.h5" "$W/pounders.h5" >"$W/cmp_diff.out" 2>&1
rc=$?
[ $rc -eq 1 ] && ms_ok "compare: ABC against ABC+POUNDERS: exit 1 (POUNDERS rows differ)" || { cat "$W/cmp_diff.out"; ms_fail "compare: ABC against ABC+POUNDERS: exit $rc, want 1"; }
grep -q 'posterior mean' "$W/cmp_diff.out" || ms_fail "compare: no posterior rows"
ms_finish
