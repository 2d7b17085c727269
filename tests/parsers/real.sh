#!/bin/sh
# real.sh BIN NAME: load the real Flee scenario $MS_SHARED/data/flee/NAME with
# test_scenario (BIN) on one rank; it must load, with the warnings its known quirks
# cause. Exit 77 (skipped) when the shared data is not there.
set -u
bin=$1
name=$2
: "${MS_MPIEXEC:=mpiexec}"
: "${ASAN_OPTIONS:=detect_leaks=0}"
export ASAN_OPTIONS
dir=${MS_SHARED:-}/data/flee/$name
if [ -z "${MS_SHARED:-}" ] || [ ! -d "$dir" ]; then
  echo "SKIP: scenario '$name' not found at '$dir' (set MS_SHARED to the shared directory)"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ms_real.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
"$MS_MPIEXEC" --oversubscribe -n 1 "$bin" "$dir" >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out"
fail() {
  echo "FAIL ($name): $1"
  cat "$tmp/err"
  exit 1
}
[ "$rc" -eq 0 ] || fail "exit code $rc"
head -n 1 "$tmp/out" | grep -q '^OK ' || fail "did not load"
# Known quirks of the data, each of which must stay a warning, not an error.
case $name in
car) grep -q "camp 'Bossobolo' is not in locations.csv" "$tmp/out" || fail "no warning about the missing camp Bossobolo" ;;
venezuela2022) grep -q "repeat earlier ones and are ignored" "$tmp/out" || fail "no warning about the repeated routes" ;;
burundi) grep -q "column 'Isale' names no location" "$tmp/out" || fail "no warning about the conflicts column Isale" ;;
esac
exit 0
