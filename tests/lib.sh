# shellcheck shell=bash disable=SC2034
# The library of the shell tests, sourced first by every one of them:
#     . "$(dirname "$0")/../lib.sh"        (tests/rules/CASE/test.sh: ../../lib.sh)
# ctest runs a test as `bash SCRIPT [ARGS]` in the environment MS_TEST_ENV of
# tests/CMakeLists.txt: MS_BIN (the build directory), MS_SRC (the source tree), MS_SHARED
# (../shared, whose data/flee holds Flee's scenarios), MS_MPIEXEC (mpiexec; running as root and
# oversubscribing are allowed), MS_H5EDIT (the tool of tests/validate/h5edit.c).
#
# A test exits 0 when all its checks passed, 1 when one failed, 77 (ctest's SKIP_RETURN_CODE)
# when it cannot run here. It works in a scratch directory of its own, MS_TMP, which is also
# its current directory, removed at exit unless the test failed or MS_KEEP=1. Each check
# prints one line, "ok   [TEST] what" or "FAIL [TEST] what"; ms_finish gives the verdict.
# Results are read from the programs' files (the HDF5 output of docs/output.md, status.csv,
# out.csv), not from what they print for people, which may be reworded. The one-line errors
# users see ("migrasim: error: FILE:LINE: field 'X': what") are the interface, and are
# matched as text.
#
# Sections: environment; verdicts; running the programs; reading HDF5 files; checking values;
# then the helpers of one family of tests each (rules, checkpoint, sweep, generator, validate,
# calibrate).
set -u

# ---- environment ------------------------------------------------------------------------------
: "${MS_BIN:?MS_BIN is not set: run this test through ctest}"
: "${MS_SRC:?MS_SRC is not set: run this test through ctest}"
: "${MS_MPIEXEC:=mpiexec}"
: "${MS_SHARED:=$MS_SRC/../shared}"
: "${MS_H5EDIT:=$MS_BIN/tests/ms_h5edit}"
: "${ASAN_OPTIONS:=detect_leaks=0}"
export ASAN_OPTIONS
MIGRASIM=$MS_BIN/migrasim
MIGRASIM_GEN=$MS_BIN/migrasim-gen
MIGRASIM_VALIDATE=$MS_BIN/migrasim-validate
MIGRASIM_CALIBRATE=$MS_BIN/migrasim-calibrate
MIGRASIM_COMPARE=$MS_BIN/migrasim-compare
MIGRASIM_FORECAST=$MS_BIN/migrasim-forecast
MIGRASIM_SENSITIVITY=$MS_BIN/migrasim-sensitivity
MS_TESTS=$MS_SRC/tests
MS_DEFAULT=$MS_SRC/inputs/default
MS_FLEE=$MS_SHARED/data/flee
MS_VALIDATION_YML=$MS_FLEE/simsetting-validation.yml
# The test's name in every line it prints: MS_NAME when the script sets it, else the script's,
# and for a rule test (rules/CASE/test.sh RANKS) rules_CASE_npRANKS.
case $0 in
*rules/*/test.sh)
  RULE_CASE=$(basename "$(dirname "$0")")
  RANKS=${1:-1}
  : "${MS_NAME:=rules_${RULE_CASE}_np$RANKS}" ;;
*) : "${MS_NAME:=$(basename "$0" .sh)}" ;;
esac

# ---- verdicts ---------------------------------------------------------------------------------
ms_checks=0
ms_failures=0

# ms_ok WHAT, ms_fail WHAT: a check passed, or failed (the test goes on; ms_finish decides).
ms_ok() { ms_checks=$((ms_checks + 1)); echo "ok   [$MS_NAME] $*"; }
ms_fail()
{
  ms_checks=$((ms_checks + 1))
  ms_failures=$((ms_failures + 1))
  echo "FAIL [$MS_NAME] $*"
}

# ms_skip WHY: the test cannot run here (exit 77).
ms_skip() { echo "SKIP [$MS_NAME] $*"; exit 77; }

# ms_finish: the verdict: exit 1 when a check failed or none was made, else 0.
ms_finish()
{
  if [ "$ms_failures" -gt 0 ] || [ "$ms_checks" -eq 0 ]; then
    echo "$MS_NAME: $ms_failures of $ms_checks checks FAILED"
    exit 1
  fi
  echo "$MS_NAME: all $ms_checks checks passed"
  exit 0
}

# ms_need TOOL...: skip the test unless every TOOL is on the PATH.
ms_need()
{
  local t pkg
  for t in "$@"; do
    case $t in h5*) pkg=hdf5-tools ;; timeout | md5sum) pkg=coreutils ;; *) pkg=$t ;; esac
    command -v "$t" >/dev/null 2>&1 || ms_skip "$t not found (Debian: apt-get install $pkg)"
  done
}

# ms_need_shared: skip the test unless the shared Flee scenarios and their validation settings
# are there.
ms_need_shared()
{
  [ -d "$MS_FLEE" ] || ms_skip "shared Flee scenarios not found at $MS_FLEE; set MS_SHARED"
  [ -f "$MS_VALIDATION_YML" ] || ms_skip "$MS_VALIDATION_YML not found"
}

# The scratch directory, and the current one. MS_BG_PID: a run in the background, killed at exit
# (a failed signal test must not leave it behind). MS_OMPI: Open MPI's session directories
# (ms_exec), outside the scratch directory, where tests look for files a run must not write.
ms_need timeout
MS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ms_$MS_NAME.XXXXXX") || exit 1
MS_OMPI=$(mktemp -d "${TMPDIR:-/tmp}/ms_ompi_$MS_NAME.XXXXXX") || exit 1
MS_BG_PID=
ms_cleanup()
{
  local rc=$?
  [ -z "$MS_BG_PID" ] || kill -KILL "$MS_BG_PID" 2>/dev/null
  rm -rf "$MS_OMPI"
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
    [ "${MS_KEEP:-0}" = 1 ] || rm -rf "$MS_TMP"
  else
    echo "(files of the failed test kept in $MS_TMP)"
  fi
}
trap ms_cleanup EXIT
cd "$MS_TMP" || exit 1
# the session directories of MPI programs a test starts itself, one at a time (ms_exec gives
# each of its launches one of their own)
export OMPI_MCA_orte_tmpdir_base=$MS_OMPI/test

# ---- running the programs ---------------------------------------------------------------------
# ms_exec NP TIMEOUT LOG PROGRAM ARGS...: PROGRAM on NP ranks under mpiexec, or for NP 0 alone
# (an MPI singleton), killed after TIMEOUT s; stdout in LOG.out, stderr in LOG.err, the command
# in LOG.cmd. The status is the program's (124: timed out). More ranks than cores are allowed
# by MS_TEST_ENV (OMPI_MCA_rmaps_base_oversubscribe), not by --oversubscribe, with which Open
# MPI makes every rank yield its core while it waits, even where each rank has one.
# Each launch has Open MPI's session directory to itself: isolated singletons all name theirs
# .../jf.0/1, and one that ends removes it under another that is starting ("A call to mkdir was
# unable to create the desired directory") or running (MPI-IO cannot create its files); any
# launch that ends may remove the shared top directory ompi.HOST.UID under one creating it.
# The directory stays until the test ends: a singleton's daemon may outlive it for a moment and
# prints a PMIx error if its directory has gone.
ms_exec()
{
  local np=$1 t=$2 log=$3 prog=$4 ompi
  shift 4
  [ -x "$prog" ] || { ms_fail "$prog is not built"; ms_finish; }
  local cmd=("$prog")
  [ "$np" -eq 0 ] || cmd=("$MS_MPIEXEC" -n "$np" "$prog")
  printf '%q ' "${cmd[@]}" "$@" >"$log.cmd"
  ompi=$(mktemp -d "$MS_OMPI/run.XXXXXX") || return 1
  OMPI_MCA_orte_tmpdir_base=$ompi timeout -k 5 "$t" "${cmd[@]}" "$@" >"$log.out" 2>"$log.err"
}

# ms_run NP TIMEOUT LOG ARGS...: ms_exec of migrasim.
ms_run()
{
  local np=$1 t=$2 log=$3
  shift 3
  ms_exec "$np" "$t" "$log" "$MIGRASIM" "$@"
}

# ms_run_ok NP TIMEOUT LOG ARGS...: ms_run, and a failed check (with the run's output) unless
# migrasim exits 0; the status says whether it did.
ms_run_ok()
{
  local rc
  ms_run "$@"
  rc=$?
  [ $rc -eq 0 ] && return 0
  ms_fail "$(basename "$3"): migrasim exited with $rc$([ $rc = 124 ] && echo " (timed out after $2 s)")"
  ms_show "$3"
  return 1
}

# ms_must_run NP TIMEOUT LOG ARGS...: ms_run_ok, ending the test on a failure (every later
# check depends on the run).
ms_must_run() { ms_run_ok "$@" || ms_finish; }

# ms_show LOG: the command, the end of stdout and the start of stderr of a run, for a failure.
ms_show()
{
  [ -f "$1.cmd" ] && echo "  --- command: $(cat "$1.cmd")"
  echo "  --- stdout (last 6 lines) of $1"
  tail -n 6 "$1.out" 2>/dev/null | sed 's/^/  | /'
  echo "  --- stderr (first 15 lines)"
  head -n 15 "$1.err" 2>/dev/null | cat -v | sed 's/^/  | /'
}

# ms_stderr_lines LOG: LOG.err without mpiexec's own reports of a non-zero exit and without
# blank lines: what the program printed. (MPI_Abort's banners stay: an abort is never right.)
MS_MPIEXEC_NOISE='^(-+|Primary job .*|a non-zero exit code.*|Per user-direction.*|mpiexec detected .*|the job to be terminated.*|  Process name:.*|  Exit code:.*|\[[^]]*\] .*help message.*|\[[^]]*\] Set MCA parameter.*|.*ORTE_ERROR_LOG.*|[[:space:]]*)$'
ms_stderr_lines() { grep -avE "$MS_MPIEXEC_NOISE" "$1.err"; }

# ms_error_lines LOG [PROGRAM]: the error lines of PROGRAM (migrasim) in LOG.err.
ms_error_lines() { grep -a "^${2:-migrasim}: error" "$1.err"; }

# ms_expect_status WHAT WANT GOT LOG: an exit status (the run's output shown when it is wrong).
ms_expect_status()
{
  if [ "$3" = "$2" ]; then
    ms_ok "$1: exit status $3"
  else
    ms_fail "$1: exit status $3, expected $2$([ "$3" = 124 ] && echo ' (timed out)')"
    ms_show "$4"
  fi
}

# ms_expect_error WHAT LOG STATUS WANT REGEX...: a refused input: the program ended in time
# with status WANT (a number, or "nonzero"), said so once, not once per rank ("error on rank",
# MPI_Abort), in exactly one line on stderr, and that line matches every REGEX (grep -E).
# The status says whether all held.
ms_expect_error()
{
  local what=$1 log=$2 rc=$3 want=$4 lines n re
  shift 4
  lines=$(ms_stderr_lines "$log")
  n=0
  [ -n "$lines" ] && n=$(printf '%s\n' "$lines" | wc -l)
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    ms_fail "$what: no exit within the time limit (hang)"
  elif [ "$want" = nonzero ] && [ "$rc" -eq 0 ]; then
    ms_fail "$what: exit status 0 for a bad input"
  elif [ "$want" != nonzero ] && [ "$rc" -ne "$want" ]; then
    ms_fail "$what: exit status $rc, not $want"
  elif grep -aq 'error on rank' "$log.err"; then
    ms_fail "$what: reported per rank ('error on rank N', $(grep -ac 'error on rank' "$log.err") times) and MPI_Abort, not once"
  elif [ "$n" -ne 1 ]; then
    ms_fail "$what: $n lines on stderr, not one error line"
  else
    for re in "$@"; do
      printf '%s\n' "$lines" | grep -qE -- "$re" || { ms_fail "$what: the error line does not match /$re/: $lines"; ms_show "$log"; return 1; }
    done
    ms_ok "$what: exit $rc, one line: $lines"
    return 0
  fi
  ms_show "$log"
  return 1
}

# ms_need_python MODULE...: MS_PY, the first of /usr/bin/python3 (Debian's, preferred over any
# other on the PATH) and python3 that imports every MODULE; the test is skipped without one.
ms_need_python()
{
  local p
  for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c "import $(IFS=,; echo "$*")" 2>/dev/null; then
      MS_PY=$p
      return 0
    fi
  done
  ms_skip "python3 with $* not found (apt-get install$(printf ' python3-%s' "$@"))"
}

# ---- reading HDF5 files -----------------------------------------------------------------------
# ms_attr FILE NAME: an attribute, of / ("day") or of an object ("validation/ard"); strings
# without their quotes and their null padding (h5dump's \000: an empty string is ""),
# floating-point numbers with all 17 digits, an array as its values joined by commas
# ("1,0.5"), a bool (h5py's enum) as true or false; empty when it is not there.
ms_attr()
{
  h5dump -m %.17g -a "/${2#/}" "$1" 2>/dev/null | awk '
    /^ *\([0-9]+\): / { sub(/^ *\([0-9]+\): /, ""); if (n++ == 0 && /^"/) { s = 1; v = $0; exit } sub(/, *$/, ""); v = v (n > 1 ? "," : "") $0 }
    END { if (!s) { gsub(/, */, ",", v); if (v == "TRUE") v = "true"; if (v == "FALSE") v = "false" } print v }' |
    sed -e 's/^"\(.*\)"$/\1/' -e 's/\\000//g'
}

# ms_rows FILE DATASET: the first dimension of a dataset (empty when it is not there).
ms_rows()
{
  h5dump -H -d "$2" "$1" 2>/dev/null | sed -n 's/.*DATASPACE  *SIMPLE { ( \([0-9]*\).*/\1/p' | head -n 1
}

# ms_table FILE DATASET: the dataset as a table of numbers separated by one space, a line per
# row (one line for a 1-D dataset); status 1, and nothing on stdout, when it cannot be read.
# Each table is dumped once and kept in FILE.tables/ while FILE does not change.
ms_table()
{
  local f=$1 dir=$1.tables stamp t
  stamp=$(stat -c '%i %s %y' "$f" 2>/dev/null)
  if [ "$(cat "$dir/stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir" && mkdir -p "$dir" && printf '%s\n' "$stamp" >"$dir/stamp"
  fi
  t=$dir/$(printf '%s' "$2" | tr / _)
  if [ ! -f "$t" ]; then
    if ! h5dump -d "$2" -y -w 0 --noindex "$f" >"$t.dump" 2>&1; then
      echo "cannot read $2 from $f: $(head -n 3 "$t.dump" | tr '\n' ' ')" >&2
      rm -f "$t.dump"
      return 1
    fi
    awk '/DATA \{/ { on = 1; next } on && /^ *\}/ { exit } on { gsub(/,/, " "); $1 = $1; if (NF) print }' "$t.dump" >"$t"
  fi
  cat "$t"
}

# ms_cell FILE DATASET ROW COLUMN: one value (ROW and COLUMN from 0; ROW 0 for a 1-D dataset).
ms_cell()
{
  local t
  t=$(ms_table "$1" "$2") && printf '%s\n' "$t" | awk -v r="$3" -v c="$4" 'NR == r + 1 { print $(c + 1) }'
}

# ms_sum FILE DATASET [ROW]: the sum of a dataset's values, or of one row's (from 0).
ms_sum()
{
  local t
  t=$(ms_table "$1" "$2") &&
    printf '%s\n' "$t" | awk -v r="${3:-}" 'r == "" || NR == r + 1 { for (i = 1; i <= NF; i++) s += $i } END { printf "%.0f\n", s }'
}

# ms_same A B WHAT [OBJECT]: h5diff finds the files, or their OBJECT (e.g. /daily), identical.
ms_same()
{
  local out
  if out=$(h5diff "$1" "$2" ${4:+"$4"} 2>&1); then
    ms_ok "$3: ${4:+$4 of }$(basename "$1") and $(basename "$2") identical"
  else
    ms_fail "$3: ${4:+$4 of }$1 and $2 differ"
    printf '%s\n' "$out" | head -n 15 | sed 's/^/  | /'
  fi
}

# ms_differ A B WHAT OBJECT: h5diff finds OBJECT of the two files different (a comparison that
# could not fail would prove nothing).
ms_differ()
{
  local rc
  h5diff -q "$1" "$2" "$4" >/dev/null 2>&1
  rc=$?
  # h5diff exits 0 also for datasets of other shapes ("not comparable"): they differ too
  [ $rc -eq 0 ] && h5diff -c "$1" "$2" "$4" 2>&1 | grep -q '^Not comparable' && rc=1
  case $rc in
  0) ms_fail "$3: $4 of $1 and $2 identical: the comparisons prove nothing" ;;
  1) ms_ok "$3: $4 of $(basename "$1") and $(basename "$2") differ" ;;
  *) ms_fail "$3: h5diff cannot compare $4 of $1 and $2" ;;
  esac
}

# ms_expect_table FILE DATASET < TABLE: the whole dataset equals the table on stdin ('#'
# comments and blank lines ignored, commas optional).
ms_expect_table() { ms_expect_cols "$1" "$2" ""; }

# ms_expect_cols FILE DATASET FIELDS < TABLE: as ms_expect_table, for the columns FIELDS only
# (cut -f syntax, from 1: "1-4", "2,3"; empty: all).
ms_expect_cols()
{
  local want got what="$1 $2${3:+ columns $3}"
  want=$(sed -e 's/#.*//' -e 's/,/ /g' | awk '{ $1 = $1; if (NF) print }')
  got=$(ms_table "$1" "$2") || { ms_fail "$what: cannot be read"; return 1; }
  [ -z "$3" ] || got=$(printf '%s\n' "$got" | cut -d' ' -f"$3")
  if [ "$want" = "$got" ]; then
    ms_ok "$what ($(printf '%s\n' "$got" | wc -l) rows)"
  else
    ms_fail "$what differs from the table computed by hand"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /' | sed 's/< /expected: /; s/> /got:      /'
  fi
}

# ms_expect_same_tables A B DATASET...: each DATASET is the same in files A and B.
ms_expect_same_tables()
{
  local a=$1 b=$2 ds ta tb
  shift 2
  for ds in "$@"; do
    if ta=$(ms_table "$a" "$ds") && tb=$(ms_table "$b" "$ds") && [ "$ta" = "$tb" ]; then ms_ok "$ds of $a and $b identical"
    else ms_fail "$ds of $a and $b differ (or cannot be read)"; fi
  done
}

# ---- checking values --------------------------------------------------------------------------
# ms_expect_eq WHAT GOT WANT: two strings are equal.
ms_expect_eq()
{
  if [ "$2" = "$3" ]; then ms_ok "$1 = $2"
  else ms_fail "$1: got '$2', expected '$3'"; fi
}

# ms_expect_within WHAT GOT MEAN HALFWIDTH: |GOT - MEAN| <= HALFWIDTH (real numbers).
ms_expect_within()
{
  if awk -v g="$2" -v m="$3" -v h="$4" 'BEGIN { d = g - m; if (d < 0) d = -d; exit !(g != "" && d <= h) }'; then
    ms_ok "$1 = $2 (expected $3 +- $4)"
  else
    ms_fail "$1: got '$2', expected $3 +- $4"
  fi
}

# ms_binomial_halfwidth N P K: K standard deviations of a Binomial(N, P) count.
ms_binomial_halfwidth() { awk -v n="$1" -v p="$2" -v k="$3" 'BEGIN { printf "%.1f", k * sqrt(n * p * (1 - p)) }'; }

# ms_same_number A B: whether two printed numbers are the same number.
ms_same_number() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 == b + 0) }'; }

# ms_length DIR: the Length of a scenario's sim_period.csv (quotes allowed).
ms_length()
{
  tr -d '"\r' <"$1/input_csv/sim_period.csv" | awk -F, 'tolower($1) ~ /^ *length *$/ { gsub(/ /, "", $2); print $2; exit }'
}

# ---- rule tests (tests/rules/CASE/test.sh RANKS) ----------------------------------------------
# Options that make hand-checkable runs: everyone outside camps moves, nobody leaves a camp,
# conflict zones score 0 (nobody ever chooses to walk back into one), and each conflict zone
# spawns exactly 1000 agents a day (constant mode, intensity 1).
RULE_OPTS="-move_rules_default_movechance 1 -move_rules_camp_movechance 0 -move_rules_conflict_weight 0
 -spawn_rules_conflict_driven_spawning true -spawn_rules_displaced_per_conflict_day 1000 -spawn_rules_spawn_mode constant"

# rule_run NAME OPTIONS...: the case's scenario on RANKS ranks into NAME.h5 (must succeed).
# rule_run_np N NAME OPTIONS...: the same on N ranks. One rank runs alone; more run under
# mpiexec with -partition location, so that every location that can have a rank of its own
# does and hops cross rank boundaries.
rule_run() { rule_run_np "$RANKS" "$@"; }
rule_run_np()
{
  local np=$1 name=$2
  shift 2
  if [ "$np" -gt 1 ]; then set -- -partition location "$@"; else np=0; fi
  ms_must_run "$np" 100 "$name" -scenario "$MS_TESTS/rules/$RULE_CASE" -output "$name.h5" -flee_csv none "$@"
}

# ---- checkpoint tests -------------------------------------------------------------------------
# ck_segments WHAT ARGS...: the run of 40 days straight on 1 rank, and the same run in three
# segments (days 0-14 on 2 ranks, 15-29 on 1, 30-39 on 3, each restarted from the checkpoint
# of the one before and appending to the same output) give the same /daily and the same final
# checkpoint, bit for bit; another seed gives another /daily. ARGS: the scenario's options,
# with -seed 3 (the other seed is 4).
ck_segments()
{
  local what=$1
  shift
  local s=("$@" -checkpoint_every 5)
  ms_must_run 1 120 straight "${s[@]}" -days 40 -output straight.h5 -flee_csv straight.csv -checkpoint_prefix ck_straight
  ms_must_run 2 120 seg1 "${s[@]}" -days 15 -output seg.h5 -flee_csv seg1.csv -checkpoint_prefix ck_seg1
  ms_expect_eq "$what: day of ck_seg1.h5" "$(ms_attr ck_seg1.h5 day)" 15
  ms_expect_eq "$what: day of ck_seg1.h5.prev (the checkpoint before it)" "$(ms_attr ck_seg1.h5.prev day)" 10
  ms_must_run 1 120 seg2 "${s[@]}" -days 30 -output seg.h5 -flee_csv seg2.csv -checkpoint_prefix ck_seg2 -restart ck_seg1.h5
  ms_expect_eq "$what: /daily rows after the second segment" "$(ms_rows seg.h5 /daily/population)" 30
  ms_must_run 3 120 seg3 "${s[@]}" -days 40 -output seg.h5 -flee_csv seg3.csv -checkpoint_prefix ck_seg3 -restart ck_seg2.h5
  ms_expect_eq "$what: /daily rows after the third segment" "$(ms_rows seg.h5 /daily/population)" 40
  ms_expect_eq "$what: day of ck_seg3.h5" "$(ms_attr ck_seg3.h5 day)" 40
  ms_same straight.h5 seg.h5 "$what: straight run vs 3 segments on 2, 1, 3 ranks" /daily
  ms_same ck_straight.h5 ck_seg3.h5 "$what: final checkpoints of the straight and the segmented run"
  # the camps' history travels in the checkpoint: the last segment's ARD and out.csv cover
  # all 40 days
  ms_expect_eq "$what: ARD of the segmented run (straight run: $(ms_attr straight.h5 ard))" "$(ms_attr seg.h5 ard)" "$(ms_attr straight.h5 ard)"
  if cmp -s straight.csv seg3.csv; then
    ms_ok "$what: Flee out.csv of the straight run and of the last segment identical"
  else
    ms_fail "$what: Flee out.csv of the straight run and of the last segment differ"
    diff straight.csv seg3.csv | head -n 10 | sed 's/^/  | /'
  fi
  ms_expect_eq "$what: checkpoint files left half-written (.tmp)" "$(ls -- *.tmp 2>/dev/null)" ""
  # the comparisons must be able to fail
  local other=("${s[@]}") i
  for i in "${!other[@]}"; do [ "${other[i]}" = -seed ] && other[i + 1]=4; done
  ms_must_run 1 120 seed4 "${other[@]}" -days 40 -output seed4.h5 -flee_csv none -checkpoint_prefix ck_seed4
  ms_differ straight.h5 seed4.h5 "$what: -seed 3 vs -seed 4" /daily
  ms_differ ck_straight.h5 ck_seed4.h5 "$what: -seed 3 vs -seed 4 checkpoints" /agents
}

# ---- sweep tests ------------------------------------------------------------------------------
# sweep_run NP TIMEOUT LOG DESIGN DIR [ARGS...]: a sweep of the default scenario over 30 days.
sweep_run()
{
  local np=$1 t=$2 log=$3 design=$4 dir=$5
  shift 5
  ms_run "$np" "$t" "$log" -scenario "$MS_DEFAULT" -days 30 -sweep "$design" -sweep_output "$dir" "$@"
}

# sweep_members_with DIR STATUS: the members whose last line in DIR/status.csv has STATUS,
# sorted, each followed by a space.
sweep_members_with()
{
  awk -F, 'NR > 1 && $1 ~ /^[0-9]+$/ { s[$1] = $2 } END { for (m in s) print m, s[m] }' "$1/status.csv" |
    awk -v w="$2" '$2 == w { print $1 }' | sort -n | tr '\n' ' '
}

# sweep_lines DIR: the lines of DIR/status.csv so far (0 when there is none). A sweep appends
# one line per member it finishes: sweep_members_since DIR LINES lists, sorted, the members of
# the lines after the first LINES, i.e. those that the runs since then finished.
sweep_lines() { { wc -l <"$1/status.csv"; } 2>/dev/null || echo 0; }
sweep_members_since() { tail -n +$(($2 + 1)) "$1/status.csv" | awk -F, '$1 ~ /^[0-9]+$/ { print $1 }' | sort -n | tr '\n' ' '; }

# ---- generator tests --------------------------------------------------------------------------
# gen_run TIMEOUT LOG ARGS...: ms_exec of migrasim-gen alone. Open MPI starts such a singleton
# faster without its daemon (ess_singleton_isolated; other MPIs ignore it).
gen_run()
{
  local t=$1 log=$2
  shift 2
  OMPI_MCA_ess_singleton_isolated=1 ms_exec 0 "$t" "$log" "$MIGRASIM_GEN" "$@"
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

# ---- migrasim-validate tests ------------------------------------------------------------------
# val_run LOG ARGS...: ms_exec of migrasim-validate alone (timeout 60 s).
val_run()
{
  local log=$1
  shift
  ms_exec 0 60 "$log" "$MIGRASIM_VALIDATE" "$@"
}

# val_csv_field CSV MEMBER CAMP COLUMN: a field of a validation table (members compared as
# written: "" for a single run).
val_csv_field()
{
  awk -F, -v m="$2" -v c="$3" -v col="$4" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    $1 == m && $5 == c { print $(k[col]); exit }' "$1"
}

# ---- calibration tests ------------------------------------------------------------------------
# cal_run NP TIMEOUT LOG ARGS...: ms_exec of migrasim-calibrate.
cal_run()
{
  local np=$1 t=$2 log=$3
  shift 3
  ms_exec "$np" "$t" "$log" "$MIGRASIM_CALIBRATE" "$@"
}

# cal_sweep DIR SCENARIO DESIGN_LINES...: a sweep run by `migrasim -sweep` on 2 ranks (groups of
# one rank) from a list design. Each design line is "member,point,replicate,seed,v1,v2,..."
# for the parameters of CAL_PARAMS (an array of option names without '-', in alphabetical
# order, as the sweep orders its columns); one replicate, the seed of the first line.
# CAL_EXTRA (an array) holds further options of every member.
cal_sweep()
{
  local dir=$1 scn=$2 i rc
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
  ms_run 2 600 "$dir" -scenario "$scn" "${CAL_EXTRA[@]}" -sweep "$yml" -ranks_per_member 1 -sweep_output "$dir"
  rc=$?
  [ $rc -eq 0 ] || { echo "  (the sweep exited with $rc)"; ms_show "$dir"; }
}

# ---- settings tests (tests/settings/NAME.sh, scenarios in tests/settings/CASE) -----------------
# Options under which nobody moves (every move chance 0): each population is then what spawning
# put there.
SET_STILL="-move_rules_conflict_movechance 0 -move_rules_default_movechance 0 -move_rules_camp_movechance 0 -move_rules_idpcamp_movechance 0"

# set_run CASE NAME ARGS...: the scenario tests/settings/CASE on 1 rank into NAME.h5 and on 3
# ranks (-partition location: every location that can be a rank's own is) into NAME.np3.h5;
# both must succeed (the test ends otherwise), and their /daily must be the same bit for bit
# (MODEL.md section 8).
set_run()
{
  local case=$1 name=$2
  shift 2
  local s=(-scenario "$MS_TESTS/settings/$case" -seed 7 "$@")
  ms_must_run 0 120 "$name" "${s[@]}" -output "$name.h5" -flee_csv "$name.out.csv"
  ms_must_run 3 120 "$name.np3" "${s[@]}" -partition location -output "$name.np3.h5" -flee_csv none
  ms_same "$name.h5" "$name.np3.h5" "$name: 1 rank vs 3 ranks" /daily
}
# ---- forecast tests ---------------------------------------------------------------------------
# fc_cut_copy DIR SED: a copy DIR of tests/forecast/cut (camps observed on days 0, 10, 20) with
# the sed expression SED applied to its camps' and total's series, e.g. to change or drop the
# observations of day 20 (2030-01-21) that a run as known on an earlier day must not see.
fc_cut_copy()
{
  cp -r "$MS_TESTS/forecast/cut" "$1" && sed -i "$2" "$1"/source_data/camp_*.csv "$1"/source_data/total.csv
}
# fc_run NP TIMEOUT LOG ARGS...: ms_exec of migrasim-forecast.
fc_run()
{
  local np=$1 t=$2 log=$3
  shift 3
  ms_exec "$np" "$t" "$log" "$MIGRASIM_FORECAST" "$@"
}

# fc_expect_row CSV TOL INFLOW ASSIM H WANT: the row of a backtest table (backtest.csv: inflow,
# assimilate, horizon, cuts, entries, mae, crps, coverage50, coverage90, mae_persistence,
# mae_trend, mae_recent_shares, skill_persistence, skill_trend, skill_recent_shares) that starts
# INFLOW,ASSIM,H, equal to WANT: the same fields, its numbers within TOL, empty where WANT's are.
fc_expect_row()
{
  local csv=$1 tol=$2 inflow=$3 assim=$4 h=$5 want=$6 row
  row=$(awk -F, -v k="$inflow,$assim,$h," 'index($0, k) == 1' "$csv")
  if printf '%s\n' "$row" | awk -F, -v want="$want" -v tol="$tol" '{
      n = split(want, w, ","); if (NF != n) exit 1
      for (i = 4; i <= n; i++) {
        if (w[i] == "" || $i == "") { if (w[i] != $i) exit 1; continue }
        d = $i - w[i]; if (d < -tol || d > tol) exit 1 } }'; then
    ms_ok "$inflow inflow, assimilation $assim, h $h: $row"
  else
    ms_fail "$inflow inflow, assimilation $assim, h $h: got '$row', expected '$want'"
  fi
}

# fc_bad FILE DATASET NDAYS TEST: the rows (destination d, day index k, the values of a
# [destination][day][quantile] or [destination][day] dataset) for which the awk condition TEST
# on d, k and the values $1.. fails, one line each "d k values" (none: all hold).
fc_bad()
{
  local t
  t=$(ms_table "$1" "$2") || { echo "cannot read $2"; return; }
  printf '%s\n' "$t" | awk -v nd="$3" "{ d = int((NR - 1) / nd); k = (NR - 1) % nd; if (!($4)) print d, k, \$0 }"
}

# ---- Slurm tests (tests/slurm/*.sh) -----------------------------------------------------------
# slurm_start: a one-node Slurm of the test's own on loopback, without systemd: munged,
# slurmctld and slurmd of Debian's munge and slurm-wlm (installed with apt-get where they are
# missing; the test is skipped where that cannot be done), configured in MS_TMP/slurm (the node
# has the machine's name, 2 CPUs, and takes ports 6817 and 6818: the test is skipped when they
# are in use). The jobs find it through SLURM_CONF, exported. Its TmpFS, where srun's PMIx
# plugin makes a directory per job step (named by the ids, which every test's Slurm starts from
# 1; one left by a killed step makes the next step of that name fail), is the test's own. MpiDefault is none: the job
# scripts must ask for PMIx themselves (Debian's Open MPI starts under srun only through it).
# Every job is cancelled and every daemon stopped, by pid, when the test exits, failed or not.
SLURM_PIDFILES=()
slurm_install()
{
  local t missing=0
  for t in munged slurmctld slurmd sbatch squeue scontrol srun; do command -v $t >/dev/null 2>&1 || missing=1; done
  [ $missing = 0 ] && return 0
  [ "$(id -u)" = 0 ] || ms_skip "Slurm is not installed, and only root may install it (apt-get install slurm-wlm munge)"
  command -v apt-get >/dev/null 2>&1 || ms_skip "Slurm is not installed and there is no apt-get to install it (slurm-wlm, munge)"
  echo "installing Debian's slurm-wlm and munge with apt-get"
  if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends slurm-wlm munge; } >apt.log 2>&1; then
    ms_skip "apt-get install slurm-wlm munge failed: $(tail -n 2 apt.log | tr '\n' ' ')"
  fi
}

# slurm_port_busy PORT: whether a TCP socket listens on PORT (read from /proc: no tool needed).
slurm_port_busy()
{
  local hex
  hex=$(printf ':%04X ' "$1")
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$hex" '$4 == "0A" && index($2 " ", p) { f = 1 } END { exit !f }'
}

slurm_start()
{
  local d=$MS_TMP/slurm node i
  slurm_install
  for i in 6817 6818; do slurm_port_busy $i && ms_skip "port $i is in use (another Slurm?): this test runs a Slurm of its own there"; done
  node=$(hostname -s)
  mkdir -p "$d/munge" "$d/munge-key" "$d/state" "$d/spool" "$d/log" "$d/tmp" || ms_finish
  # munged checks these modes: its socket directory open to all, its key private
  chmod 755 "$d/munge" && chmod 700 "$d/munge-key"
  dd if=/dev/urandom of="$d/munge-key/munge.key" bs=1024 count=1 status=none && chmod 600 "$d/munge-key/munge.key"
  cat >"$d/slurm.conf" <<CONF
ClusterName=mstest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
AuthInfo=socket=$d/munge/munge.socket.2
CredType=cred/munge
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
TmpFS=$d/tmp
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
EnforcePartLimits=ALL
ReturnToService=2
MinJobAge=600
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$d/slurm.conf
  trap 'ms_rc=$?; slurm_stop; (exit $ms_rc); ms_cleanup' EXIT
  slurm_guard "$d/slurmd.pid" "$d/slurmctld.pid" "$d/munge/munged.pid"
  SLURM_PIDFILES=("$d/munge/munged.pid")
  munged --socket="$d/munge/munge.socket.2" --key-file="$d/munge-key/munge.key" --pid-file="$d/munge/munged.pid" \
    --log-file="$d/log/munged.log" --seed-file="$d/munge/munged.seed" --force >"$d/log/munged.out" 2>&1 ||
    { ms_fail "munged did not start: $(cat "$d/log/munged.out" "$d/log/munged.log" 2>/dev/null | tail -n 3)"; ms_finish; }
  SLURM_PIDFILES+=("$d/slurmctld.pid")
  slurmctld -i >"$d/log/slurmctld.out" 2>&1 || { ms_fail "slurmctld did not start"; tail -n 5 "$d/log/slurmctld.log"; ms_finish; }
  SLURM_PIDFILES+=("$d/slurmd.pid")
  slurmd -N "$node" >"$d/log/slurmd.out" 2>&1 || { ms_fail "slurmd did not start"; tail -n 5 "$d/log/slurmd.log"; ms_finish; }
  for ((i = 0; i < 150; i++)); do
    sinfo -h -o %t 2>/dev/null | grep -qx idle && { ms_ok "a one-node Slurm on loopback: node $node idle"; return 0; }
    sleep 0.2
  done
  ms_fail "the Slurm node did not become idle in 30 s: $(sinfo -h 2>&1 | head -n 2)"
  tail -n 5 "$d/log/slurmctld.log" "$d/log/slurmd.log" | sed 's/^/  | /'
  ms_finish
}

# slurm_guard PIDFILE...: a watcher outside the test's process tree (setsid -f) for a test's
# shell that ends without stopping its Slurm (ctest kills a test that overruns its time with
# SIGKILL, which no trap sees): while a PIDFILE is left, it kills, by pid, every process that
# carries this test's SLURM_CONF: the daemons, started with it, and the jobs' processes.
# slurm_stop removes each pid file once its daemon is stopped: the guard then has nothing to do.
slurm_guard()
{
  # shellcheck disable=SC2016
  env -u SLURM_CONF setsid -f bash -c 'conf=$0 test=$1
    shift 2
    while kill -0 "$test" 2>/dev/null; do sleep 2; done
    for f in "$@"; do [ -e "$f" ] && break; done || exit 0
    for e in /proc/[0-9]*/environ; do
      grep -qzx "SLURM_CONF=$conf" "$e" 2>/dev/null && { p=${e#/proc/}; kill -KILL "${p%/environ}" 2>/dev/null; }
    done' "$SLURM_CONF" "$$" "$@" </dev/null >/dev/null 2>&1
}

# slurm_stop: cancel every job (and wait for them to end), then stop slurmd, slurmctld and munged
# by the pids of their pid files (SIGTERM, then SIGKILL after 10 s), and remove the pid files.
slurm_stop()
{
  local f pid i
  [ ${#SLURM_PIDFILES[@]} -gt 0 ] || return 0
  if [ -n "$(squeue -h -o %i 2>/dev/null)" ]; then
    scancel --full --quiet $(squeue -h -o %A 2>/dev/null | sort -u) 2>/dev/null
    for ((i = 0; i < 100; i++)); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  for ((f = ${#SLURM_PIDFILES[@]} - 1; f >= 0; f--)); do
    pid=$(cat "${SLURM_PIDFILES[f]}" 2>/dev/null) || continue
    if kill -TERM "$pid" 2>/dev/null; then
      for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null
    fi
    rm -f "${SLURM_PIDFILES[f]}"
  done
  SLURM_PIDFILES=()
}

# slurm_submit VAR SBATCH_ARGS...: sbatch, its job id into VAR (a failed check, and the test's
# end, when sbatch refuses).
slurm_submit()
{
  local var=$1 out
  shift
  if out=$(sbatch --parsable "$@" 2>&1); then
    printf -v "$var" '%s' "${out%%;*}"
    return 0
  fi
  ms_fail "sbatch $* refused: $out"
  ms_finish
}

# slurm_wait TIMEOUT SQUEUE_ARGS...: until squeue lists no job that SQUEUE_ARGS select (-j IDS,
# -n NAME); squeue is polled (sbatch --wait polls slowly). Status 1 when some are left.
slurm_wait()
{
  local t=$1 i
  shift
  for ((i = 0; i < t * 4; i++)); do
    [ -z "$(squeue -h -o %i "$@" 2>/dev/null)" ] && return 0
    sleep 0.25
  done
  ms_fail "jobs still in the queue after $t s: $(squeue "$@" 2>&1 | tr '\n' ';')"
  return 1
}

# slurm_job ID FIELD: a field of `scontrol show job ID` (JobState, ExitCode, NumTasks, ...).
slurm_job() { scontrol show job -o "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s|^$2=||p" | head -n 1; }

# slurm_expect_done WHAT ID: the job ended COMPLETED with exit code 0 (its log shown otherwise).
slurm_expect_done()
{
  local state code
  state=$(slurm_job "$2" JobState) code=$(slurm_job "$2" ExitCode)
  if [ "$state" = COMPLETED ] && [ "$code" = 0:0 ]; then
    ms_ok "$1: job $2 COMPLETED, exit code 0"
  else
    ms_fail "$1: job $2 ended $state with exit code $code"
    tail -n 15 "$(slurm_job "$2" StdOut)" 2>/dev/null | sed 's/^/  | /'
  fi
}
