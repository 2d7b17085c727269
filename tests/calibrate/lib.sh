# Shared helpers of the calibration tests (tests/calibrate/*.sh), on top of tests/runs/common.sh
# (MIGRASIM, ms_run, ms_fail, ms_ok, ms_finish, MS_TMP).
# shellcheck source=../runs/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../runs/common.sh"

CALIBRATE=$MS_BIN/migrasim-calibrate
COMPARE=$MS_BIN/migrasim-compare
CAL_DIR=$MS_SRC/tests/calibrate
[ -x "$CALIBRATE" ] || { echo "FAIL: $CALIBRATE not built"; exit 1; }
[ -x "$COMPARE" ] || { echo "FAIL: $COMPARE not built"; exit 1; }

# cal_run NP TIMEOUT LOG ARGS...: ms_run for migrasim-calibrate.
cal_run() { local MIGRASIM=$CALIBRATE; ms_run "$@"; }

# The twin scenario's fixed settings: conflict-driven spawning (the observed series enter only
# the metrics), no day-0 insertion, 4000 agents a day per unit of intensity, and a day's travel
# (200 km) about one link long so that the camps fill over days, not hops.
TWIN_FIXED=(-spawn_rules_conflict_driven_spawning true -spawn_rules_insert_day0 false
  -spawn_rules_displaced_per_conflict_day 4000 -move_rules_max_move_speed 200 -progress_every 100000)

# cal_obs_from_outcsv OUTCSV SCNDIR: every camp's "sim" column of a Flee out.csv becomes the
# scenario's observed series (source_data/data_layout.csv and one date,count file per camp).
cal_obs_from_outcsv()
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

# cal_sweep DIR SCENARIO DESIGN_LINES... : a sweep run by `migrasim -sweep` on 2 ranks (groups of
# one rank) from a list design. Each design line is "member,point,replicate,seed,v1,v2,..."
# for the parameters of CAL_PARAMS (an array of option names without '-', in alphabetical
# order, as the sweep orders its columns); one replicate, the seed of the first line.
# CAL_EXTRA (an array) holds further options of every member.
cal_sweep()
{
  local dir=$1 scn=$2 i
  shift 2
  local yml=$dir.design.yml
  {
    echo "sampler: list"
    echo "seeds: 1"
    echo "seed: $(printf '%s\n' "$1" | cut -d, -f4)"
    echo "parameters:"
    for i in "${!CAL_PARAMS[@]}"; do
      printf '  %s: [%s]\n' "${CAL_PARAMS[$i]}" "$(printf '%s\n' "$@" | cut -d, -f$((5 + i)) | paste -sd, -)"
    done
  } >"$yml"
  timeout -k 5 600 "$MS_MPIEXEC" -n 2 "$MIGRASIM" -scenario "$scn" "${CAL_EXTRA[@]}" -sweep "$yml" -ranks_per_member 1 \
    -sweep_output "$dir" >"$dir.log" 2>&1 || { echo "  (the sweep exited with $?; its last lines:)"; tail -n 5 "$dir.log" | sed 's/^/  | /'; }
}

# cal_csv_field CSV PARAM COLUMN: a value of the calibration summary CSV.
cal_csv_field()
{
  awk -F, -v p="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } $1 == p { print $c }' "$1"
}

# cal_within V LO HI: whether LO <= V <= HI.
cal_within() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }

# cal_near V TRUTH FRACTION: whether |V - TRUTH| <= FRACTION * |TRUTH|.
cal_near() { awk -v v="$1" -v t="$2" -v f="$3" 'BEGIN { d = v - t; if (d < 0) d = -d; a = t < 0 ? -t : t; exit !(d <= f * a) }'; }
