# Helpers of the migrasim-validate tests (tests/validate/*.sh), on top of tests/runs/common.sh
# (MS_BIN, MS_SRC, MS_SHARED, ms_run, ms_fail/ms_ok/ms_skip, ms_attr, a scratch MS_TMP).
# $1 of every script is the ms_h5edit helper (tests/validate/h5edit.c), passed by ctest.
. "$(dirname "$0")/../runs/common.sh"
ms_need h5dump "Debian: apt-get install hdf5-tools"

VALIDATE=$MS_BIN/migrasim-validate
H5EDIT=${1:-$MS_BIN/tests/ms_h5edit}
[ -x "$VALIDATE" ] || { echo "FAIL: $VALIDATE not built"; exit 1; }

# mv_run LOG ARGS...: migrasim-validate on one process (an MPI singleton), stdout to LOG.out,
# stderr to LOG.err; the exit status is the tool's.
mv_run()
{
  local log=$1
  shift
  timeout -k 5 60 "$VALIDATE" "$@" >"$log.out" 2>"$log.err"
}

# mv_double FILE ATTRPATH: a double attribute with all 17 digits (e.g. /ard, /validation/ard).
mv_double() { h5dump -m %.17g -a "$2" "$1" 2>/dev/null | sed -n 's/^ *(0): //p' | head -n 1; }

# mv_csv_field CSV MEMBER CAMP COLUMN: a field of the table (members compared as written).
mv_csv_field()
{
  awk -F, -v m="$2" -v c="$3" -v col="$4" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
    $1 == m && $5 == c { print $(k[col]); exit }' "$1"
}

# mv_same_number A B: whether two printed doubles are the same number.
mv_same_number() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 == b + 0) }'; }
