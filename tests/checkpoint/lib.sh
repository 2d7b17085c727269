# shellcheck shell=bash disable=SC2034
# Helpers of the checkpoint/restart tests (tests/checkpoint.cmake), sourced by
# tests/checkpoint/<name>.sh, which ctest runs as `bash <name>.sh`.
# Environment (tests/CMakeLists.txt, MS_TEST_ENV): MS_BIN (build directory with the migrasim
# binary), MS_SRC (source tree), MS_SHARED (../shared: the Flee scenarios), MS_MPIEXEC
# (mpiexec; running as root and oversubscribing are allowed there).
# Each test works in its own scratch directory (the current directory, so that file names
# in migrasim's messages are short), removed at exit unless the test failed or MS_KEEP=1.
# A test exits 0 on success, 1 on failure, 77 (ctest SKIP_RETURN_CODE) when it cannot run.
set -u

: "${MS_BIN:?MS_BIN is not set: run this test through ctest}"
: "${MS_SRC:?MS_SRC is not set: run this test through ctest}"
: "${MS_MPIEXEC:=mpiexec}"
: "${MS_SHARED:=$MS_SRC/../shared}"
: "${ASAN_OPTIONS:=detect_leaks=0}"
export ASAN_OPTIONS

CK_NAME=$(basename "$0" .sh)
MIGRASIM=$MS_BIN/migrasim
MS_DEFAULT=$MS_SRC/inputs/default
MS_FLEE=$MS_SHARED/data/flee
ck_failures=0
ck_checks=0

ck_skip() { echo "SKIP [$CK_NAME]: $*"; exit 77; }
ck_fail() { echo "FAIL [$CK_NAME]: $*"; ck_failures=$((ck_failures + 1)); ck_checks=$((ck_checks + 1)); }
ck_ok() { echo "ok   [$CK_NAME]: $*"; ck_checks=$((ck_checks + 1)); }

[ -x "$MIGRASIM" ] || { echo "FAIL [$CK_NAME]: $MIGRASIM not built"; exit 1; }
for tool in h5diff h5dump md5sum timeout; do
  command -v $tool >/dev/null 2>&1 || ck_skip "$tool not found (Debian: apt-get install hdf5-tools coreutils)"
done

CK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ms_$CK_NAME.XXXXXX") || exit 1
ck_cleanup()
{
  local rc=$?
  # a run still in the background (a failed signal test) must not outlive the test
  if [ -n "${CK_BG_PID:-}" ]; then kill -KILL "$CK_BG_PID" 2>/dev/null; fi
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
    [ "${MS_KEEP:-0}" = 1 ] || rm -rf "$CK_TMP"
  else
    echo "(files of the failed test kept in $CK_TMP)"
  fi
}
trap ck_cleanup EXIT
cd "$CK_TMP" || exit 1

# ck_cmd NP: sets CK_CMD to the command that starts migrasim on NP ranks (NP 0: an MPI
# singleton, without mpiexec).
ck_cmd()
{
  if [ "$1" -eq 0 ]; then
    CK_CMD=("$MIGRASIM")
  else
    CK_CMD=("$MS_MPIEXEC" --oversubscribe -n "$1" "$MIGRASIM")
  fi
}

# ck_run NP LOG ARGS...: run migrasim on NP ranks (timeout 120 s) with stdout in LOG.out,
# stderr in LOG.err; the status is migrasim's (mpiexec's: 124 when timed out).
ck_run()
{
  local np=$1 log=$2
  shift 2
  ck_cmd "$np"
  timeout -k 5 "${CK_TIMEOUT:-120}" "${CK_CMD[@]}" "$@" >"$log.out" 2>"$log.err"
}

# ck_show LOG: the end of a run's output, for failure reports.
ck_show()
{
  echo "  --- stdout (last 6 lines) of $1"
  tail -n 6 "$1.out" 2>/dev/null | sed 's/^/  | /'
  echo "  --- stderr (first 12 lines)"
  head -n 12 "$1.err" 2>/dev/null | cat -v | sed 's/^/  | /'
}

# ck_must_run NP LOG ARGS...: ck_run, and fail the test at once unless migrasim exits 0
# (every later check would depend on the run).
ck_must_run()
{
  local log=$2
  ck_run "$@"
  local rc=$?
  if [ $rc -ne 0 ]; then
    ck_cmd "$1"
    ck_fail "$log: migrasim exited with $rc: ${CK_CMD[*]} ${*:3}"
    ck_show "$log"
    ck_finish
  fi
}

# ck_expect_status WHAT WANT GOT LOG: an exit status.
ck_expect_status()
{
  if [ "$3" = "$2" ]; then
    ck_ok "$1: exit status $3"
  else
    ck_fail "$1: exit status $3, expected $2"
    ck_show "$4"
  fi
}

# ck_same A B WHAT [OBJECT]: h5diff finds A and B identical (all of it, or OBJECT).
ck_same()
{
  local out
  if out=$(h5diff "$1" "$2" ${4:+"$4"} 2>&1); then
    ck_ok "$3: $1 and $2${4:+ $4} identical"
  else
    ck_fail "$3: $1 and $2${4:+ $4} differ"
    printf '%s\n' "$out" | head -n 15 | sed 's/^/  | /'
  fi
}

# ck_differ A B WHAT OBJECT: h5diff finds them different (so that a comparison can fail).
ck_differ()
{
  h5diff -q "$1" "$2" "$4" >/dev/null 2>&1
  case $? in
  0) ck_fail "$3: $1 and $2 $4 are identical: the comparisons prove nothing" ;;
  1) ck_ok "$3: $1 and $2 $4 differ" ;;
  *) ck_fail "$3: h5diff cannot compare $1 and $2 $4" ;;
  esac
}

# ck_attr FILE NAME: the value of a scalar attribute of / (strings without their quotes).
ck_attr()
{
  h5dump -a "$2" "$1" 2>/dev/null | sed -n 's/^ *(0): //p' | head -n 1 | sed 's/^"\(.*\)"$/\1/'
}

# ck_rows FILE DATASET: the first dimension of a dataset (empty when it is not there).
ck_rows()
{
  h5dump -H -d "$2" "$1" 2>/dev/null | sed -n 's/.*DATASPACE  *SIMPLE { ( \([0-9]*\).*/\1/p' | head -n 1
}

# ck_expect_eq WHAT GOT WANT
ck_expect_eq()
{
  if [ "$2" = "$3" ]; then
    ck_ok "$1 = $2"
  else
    ck_fail "$1: got '$2', expected '$3'"
  fi
}

# ck_sums FILE...: md5 sums of files (a missing one as MISSING), to prove them untouched.
ck_sums()
{
  local f
  for f in "$@"; do
    if [ -e "$f" ]; then md5sum "$f"; else echo "MISSING $f"; fi
  done
}

# ck_error_lines LOG: migrasim's error lines in LOG.err.
ck_error_lines() { grep -a '^migrasim: error' "$1.err"; }

# ck_segments WHAT ARGS...: the run of 40 days straight on 1 rank, and the same run in three
# segments (days 0-14 on 2 ranks, 15-29 on 1, 30-39 on 3 ranks, each restarted from the
# checkpoint of the one before and appending to the same output) give the same /daily and
# the same final checkpoint, bit for bit; another seed gives another /daily.
# ARGS: the scenario's options (with -seed 3: the other seed is 4).
ck_segments()
{
  local what=$1
  shift
  local s=("$@" -checkpoint_every 5)
  ck_must_run 1 straight "${s[@]}" -days 40 -output straight.h5 -flee_csv straight.csv -checkpoint_prefix ck_straight
  ck_must_run 2 seg1 "${s[@]}" -days 15 -output seg.h5 -flee_csv seg1.csv -checkpoint_prefix ck_seg1
  ck_expect_eq "$what: day of ck_seg1.h5" "$(ck_attr ck_seg1.h5 day)" 15
  ck_expect_eq "$what: day of ck_seg1.h5.prev (the checkpoint before it)" "$(ck_attr ck_seg1.h5.prev day)" 10
  ck_must_run 1 seg2 "${s[@]}" -days 30 -output seg.h5 -flee_csv seg2.csv -checkpoint_prefix ck_seg2 -restart ck_seg1.h5
  ck_expect_eq "$what: /daily rows after the second segment" "$(ck_rows seg.h5 /daily/population)" 30
  ck_must_run 3 seg3 "${s[@]}" -days 40 -output seg.h5 -flee_csv seg3.csv -checkpoint_prefix ck_seg3 -restart ck_seg2.h5
  ck_expect_eq "$what: /daily rows after the third segment" "$(ck_rows seg.h5 /daily/population)" 40
  ck_expect_eq "$what: day of ck_seg3.h5" "$(ck_attr ck_seg3.h5 day)" 40
  ck_same straight.h5 seg.h5 "$what: straight run vs 3 segments on 2, 1, 3 ranks" /daily
  ck_same ck_straight.h5 ck_seg3.h5 "$what: final checkpoints of the straight and the segmented run"
  # the camps' history travels in the checkpoint: the last segment's ARD and out.csv cover
  # all 40 days
  ck_expect_eq "$what: ARD of the segmented run (straight run: $(ck_attr straight.h5 ard))" "$(ck_attr seg.h5 ard)" "$(ck_attr straight.h5 ard)"
  if cmp -s straight.csv seg3.csv; then
    ck_ok "$what: Flee out.csv of the straight run and of the last segment identical"
  else
    ck_fail "$what: Flee out.csv of the straight run and of the last segment differ"
    diff straight.csv seg3.csv | head -n 10 | sed 's/^/  | /'
  fi
  local left
  left=$(ls -- *.tmp 2>/dev/null)
  ck_expect_eq "$what: checkpoint files left half-written (.tmp)" "$left" ""
  # the comparisons must be able to fail
  local other=("${s[@]}") i
  for i in "${!other[@]}"; do [ "${other[i]}" = -seed ] && other[i + 1]=4; done
  ck_must_run 1 seed4 "${other[@]}" -days 40 -output seed4.h5 -flee_csv none -checkpoint_prefix ck_seed4
  ck_differ straight.h5 seed4.h5 "$what: -seed 3 vs -seed 4" /daily
  ck_differ ck_straight.h5 ck_seed4.h5 "$what: -seed 3 vs -seed 4 checkpoints" /agents
}

ck_finish()
{
  if [ "$ck_failures" -gt 0 ]; then
    echo "$CK_NAME: $ck_failures of $ck_checks checks FAILED"
    exit 1
  fi
  echo "$CK_NAME: all $ck_checks checks passed"
  exit 0
}
