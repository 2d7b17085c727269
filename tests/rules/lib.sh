# Helpers of the rule tests (tests/rules.cmake): run migrasim on a scenario of this
# directory and compare its HDF5 output with counts computed by hand.
#
# Sourced by tests/rules/<case>/test.sh, which ctest runs as `bash test.sh RANKS`.
# Environment (tests/CMakeLists.txt, MS_TEST_ENV): MS_BIN (build directory with the
# migrasim binary), MS_MPIEXEC (mpiexec). RANKS 1 runs the binary directly; more ranks
# run it under mpiexec with -partition location, so that every location that can have
# its own rank does and hops cross rank boundaries.
set -u

RULES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CASE=$(basename "$(cd "$(dirname "$0")" && pwd)")
CASE_DIR="$RULES_DIR/$CASE"
RANKS=${1:-1}
: "${MS_BIN:?MS_BIN (the build directory) is not set; run through ctest}"
OUT="$MS_BIN/tests/rules_out/${CASE}_np$RANKS"
rm -rf "$OUT" && mkdir -p "$OUT"
NFAIL=0
NCHECK=0

# Options that make hand-checkable runs: everyone outside camps moves, nobody leaves a
# camp, conflict zones score 0 (nobody ever chooses to walk back into one), and each
# conflict zone spawns exactly 1000 agents a day (constant mode, intensity 1).
BASE_OPTS="-move_rules_default_movechance 1 -move_rules_camp_movechance 0 -move_rules_conflict_weight 0
 -spawn_rules_conflict_driven_spawning true -spawn_rules_displaced_per_conflict_day 1000 -spawn_rules_spawn_mode constant"

# ms_run NAME [options...]: run the case's scenario on RANKS ranks into $OUT/NAME.h5
# (log in NAME.log). ms_run_np N NAME [options...]: the same on N ranks.
ms_run() { ms_run_np "$RANKS" "$@"; }
ms_run_np() {
  local np=$1 name=$2
  shift 2
  local cmd=("$MS_BIN/migrasim")
  if [ "$np" -gt 1 ]; then
    cmd=("${MS_MPIEXEC:-mpiexec}" --oversubscribe -n "$np" "$MS_BIN/migrasim" -partition location)
  fi
  if ! "${cmd[@]}" -scenario "$CASE_DIR" -output "$OUT/$name.h5" -flee_csv none "$@" >"$OUT/$name.log" 2>&1; then
    cat "$OUT/$name.log"
    echo "FAIL [$CASE np=$RANKS] migrasim exited with an error: ${cmd[*]} -scenario $CASE_DIR -output $OUT/$name.h5 $*"
    exit 1
  fi
}

# h5tab NAME DATASET: the dataset as a whitespace table, one row per day (1-D: one line).
# Each dataset is dumped once per run and cached next to the output.
h5tab() {
  local f="$OUT/$1.h5" cache="$OUT/$1.$(echo "$2" | tr / _).txt"
  if [ ! -f "$cache" ] || [ "$cache" -ot "$f" ]; then
    if ! h5dump -d "$2" -y -w 0 --noindex "$f" >"$OUT/.dump" 2>&1; then
      cat "$OUT/.dump"
      echo "FAIL [$CASE np=$RANKS] cannot read $2 from $f"
      exit 1
    fi
    awk '/DATA \{/ {on = 1; next} on && /^ *\}/ {exit} on {gsub(/,/, " "); $1 = $1; if (NF) print}' "$OUT/.dump" >"$cache"
  fi
  cat "$cache"
}

# cell NAME DATASET DAY COL: one value (DAY and COL from 0).
cell() { h5tab "$1" "$2" | awk -v r="$3" -v c="$4" 'NR == r + 1 {print $(c + 1)}'; }

# expect_table NAME DATASET < expected: compare the whole dataset with the table on stdin
# (comments after '#' and blank lines ignored, commas optional).
expect_table() {
  local want got
  want=$(sed -e 's/#.*//' -e 's/,/ /g' | awk '{$1 = $1; if (NF) print}')
  got=$(h5tab "$1" "$2")
  NCHECK=$((NCHECK + 1))
  if [ "$want" != "$got" ]; then
    NFAIL=$((NFAIL + 1))
    echo "FAIL [$CASE np=$RANKS] $1 $2 differs from the hand-computed table"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /' | sed 's/< /expected: /; s/> /got:      /'
  else
    echo "ok   [$CASE np=$RANKS] $1 $2 ($(echo "$got" | wc -l) rows)"
  fi
}

# expect_cols NAME DATASET FIELDS < expected: like expect_table, for the columns FIELDS
# only (cut -f syntax, from 1: "1-4", "2,3").
expect_cols() {
  local want got
  want=$(sed -e 's/#.*//' -e 's/,/ /g' | awk '{$1 = $1; if (NF) print}')
  got=$(h5tab "$1" "$2" | cut -d' ' -f"$3")
  NCHECK=$((NCHECK + 1))
  if [ "$want" != "$got" ]; then
    NFAIL=$((NFAIL + 1))
    echo "FAIL [$CASE np=$RANKS] $1 $2 columns $3 differ from the hand-computed table"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /' | sed 's/< /expected: /; s/> /got:      /'
  else
    echo "ok   [$CASE np=$RANKS] $1 $2 columns $3 ($(echo "$got" | wc -l) rows)"
  fi
}

# expect_eq LABEL GOT WANT
expect_eq() {
  NCHECK=$((NCHECK + 1))
  if [ "$2" != "$3" ]; then
    NFAIL=$((NFAIL + 1))
    echo "FAIL [$CASE np=$RANKS] $1: got '$2', expected '$3'"
  else
    echo "ok   [$CASE np=$RANKS] $1 = $2"
  fi
}

# expect_within LABEL GOT MEAN HALFWIDTH: |GOT - MEAN| <= HALFWIDTH (reals allowed)
expect_within() {
  NCHECK=$((NCHECK + 1))
  if awk -v g="$2" -v m="$3" -v h="$4" 'BEGIN {d = g - m; if (d < 0) d = -d; exit !(g != "" && d <= h)}'; then
    echo "ok   [$CASE np=$RANKS] $1 = $2 (expected $3 +- $4)"
  else
    NFAIL=$((NFAIL + 1))
    echo "FAIL [$CASE np=$RANKS] $1: got '$2', expected $3 +- $4"
  fi
}

# expect_same_output NAME1 NAME2 DATASET...: two runs gave identical datasets
expect_same_output() {
  local a=$1 b=$2
  shift 2
  for ds in "$@"; do
    NCHECK=$((NCHECK + 1))
    if [ "$(h5tab "$a" "$ds")" != "$(h5tab "$b" "$ds")" ]; then
      NFAIL=$((NFAIL + 1))
      echo "FAIL [$CASE np=$RANKS] $ds of $a and $b differ"
    else
      echo "ok   [$CASE np=$RANKS] $ds of $a and $b identical"
    fi
  done
}

# binomial_halfwidth N P K: K standard deviations of a Binomial(N, P) count
binomial_halfwidth() { awk -v n="$1" -v p="$2" -v k="$3" 'BEGIN {printf "%.1f", k * sqrt(n * p * (1 - p))}'; }

# finish: exit status of the case
finish() {
  if [ "$NFAIL" -gt 0 ]; then
    echo "$CASE np=$RANKS: $NFAIL of $NCHECK checks FAILED (outputs in $OUT)"
    exit 1
  fi
  echo "$CASE np=$RANKS: all $NCHECK checks passed"
  exit 0
}
