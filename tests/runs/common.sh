# Shared helpers of the whole-run tests (tests/runs/*.sh), sourced by each of them.
# The environment comes from MS_TEST_ENV (tests/CMakeLists.txt): MS_BIN (build directory
# with the migrasim binary), MS_SRC (source tree), MS_SHARED (../shared: Flee scenarios),
# MS_MPIEXEC (mpiexec; oversubscription is allowed through OMPI_MCA_rmaps_base_oversubscribe).
# A test exits 0 on success, 1 on failure, 77 (ctest SKIP_RETURN_CODE) when it cannot run.
set -u

: "${MS_BIN:?MS_BIN is not set: run this test through ctest}"
: "${MS_SRC:?MS_SRC is not set: run this test through ctest}"
: "${MS_MPIEXEC:=mpiexec}"
: "${MS_SHARED:=$MS_SRC/../shared}"
: "${ASAN_OPTIONS:=detect_leaks=0}"
export ASAN_OPTIONS

# shellcheck disable=SC2034 # these are used by the scripts that source this file
{
  MIGRASIM=$MS_BIN/migrasim
  MS_DEFAULT=$MS_SRC/inputs/default
  MS_FLEE=$MS_SHARED/data/flee
  MS_VALIDATION_YML=$MS_FLEE/simsetting-validation.yml
}
ms_failures=0

ms_skip() { echo "SKIP: $*"; exit 77; }
ms_fail() { echo "FAIL: $*"; ms_failures=$((ms_failures + 1)); }
ms_ok() { echo "ok:   $*"; }

# ms_same_daily A.h5 B.h5 WHAT: ok when the /daily groups of the two files are identical;
# otherwise a failure, with h5diff's first lines.
ms_same_daily()
{
  local out
  if out=$(h5diff "$1" "$2" /daily 2>&1); then ms_ok "$3: /daily identical"
  else
    ms_fail "$3: /daily differs between $1 and $2"
    printf '%s\n' "$out" | head -n 20 | sed 's/^/  | /'
  fi
}

[ -x "$MIGRASIM" ] || { echo "FAIL: $MIGRASIM not built"; exit 1; }

# ms_need TOOL [HINT]: skip when a tool is missing.
ms_need() { command -v "$1" >/dev/null 2>&1 || ms_skip "$1 not found${2:+ ($2)}"; }

# ms_need_shared: skip unless the shared Flee scenarios are there.
ms_need_shared()
{
  [ -d "$MS_FLEE" ] || ms_skip "shared Flee scenarios not found at MS_SHARED/data/flee ($MS_FLEE); set MS_SHARED"
  [ -f "$MS_VALIDATION_YML" ] || ms_skip "$MS_VALIDATION_YML not found"
}

# A scratch directory, removed at exit unless the test failed or MS_KEEP=1.
MS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ms_runs.XXXXXX") || exit 1
ms_cleanup()
{
  local rc=$?
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
    [ "${MS_KEEP:-0}" = 1 ] || rm -rf "$MS_TMP"
  else
    echo "(files of the failed test kept in $MS_TMP)"
  fi
}
trap ms_cleanup EXIT

# ms_run NP TIMEOUT LOG ARGS...: run migrasim on NP ranks (no mpiexec for NP=0, i.e. an
# MPI singleton), stdout to LOG.out and stderr to LOG.err; the exit status is migrasim's
# (124: timed out).
ms_run()
{
  local np=$1 t=$2 log=$3
  shift 3
  if [ "$np" -eq 0 ]; then
    timeout -k 5 "$t" "$MIGRASIM" "$@" >"$log.out" 2>"$log.err"
  else
    timeout -k 5 "$t" "$MS_MPIEXEC" -n "$np" "$MIGRASIM" "$@" >"$log.out" 2>"$log.err"
  fi
}

# ms_show LOG: the tail of a run's output, for failure reports.
ms_show()
{
  echo "  --- stdout (last 5 lines) of $1"
  tail -n 5 "$1.out" 2>/dev/null | sed 's/^/  | /'
  echo "  --- stderr (first 15 lines)"
  head -n 15 "$1.err" 2>/dev/null | cat -v | sed 's/^/  | /'
}

# ms_rows FILE DATASET: the first dimension of a dataset (empty when it is not there).
ms_rows()
{
  h5dump -H -d "$2" "$1" 2>/dev/null | sed -n 's/.*DATASPACE  *SIMPLE { ( \([0-9]*\).*/\1/p' | head -n 1
}

# ms_length DIR: the Length of a scenario's sim_period.csv (quotes allowed).
ms_length()
{
  tr -d '"\r' <"$1/input_csv/sim_period.csv" | awk -F, 'tolower($1) ~ /^ *length *$/ { gsub(/ /, "", $2); print $2; exit }'
}

# ms_error_lines LOG: the lines of LOG.err that report an error of migrasim.
ms_error_lines() { grep -a '^migrasim: error' "$1.err"; }

# ms_stderr_lines LOG: LOG.err without mpiexec's own banners and blank lines: what the
# ranks printed.
MS_MPIEXEC_NOISE='^(-+|Primary job .*|a non-zero exit code.*|Per user-direction.*|mpiexec detected .*|the job to be terminated.*|  Process name:.*|  Exit code:.*|MPI_ABORT was invoked.*|with errorcode.*|NOTE: invoking MPI_ABORT.*|You may or may not see output.*|exactly when Open MPI kills them.*|\[[^]]*\] .*help message.*|\[[^]]*\] Set MCA parameter.*|.*ORTE_ERROR_LOG.*|[[:space:]]*)$'
ms_stderr_lines() { grep -avE "$MS_MPIEXEC_NOISE" "$1.err"; }

# ms_attr FILE NAME: the value of an attribute of / (quotes removed).
ms_attr() { h5dump -a "/$2" "$1" 2>/dev/null | sed -n 's/^ *(0): //p' | head -n 1 | sed 's/^"\(.*\)"$/\1/'; }

# ms_finish: the test's verdict.
ms_finish()
{
  if [ "$ms_failures" -gt 0 ]; then
    echo "$ms_failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
