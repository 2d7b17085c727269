#!/usr/bin/env bash
# validate_bad_inputs: every input migrasim-validate cannot use gives exactly one line on
# stderr, "migrasim-validate: error: FILE: what is wrong", naming the file, and exit status 1:
# a missing file, a text file, an HDF5 file that is no migrasim output (made with h5copy),
# truncated copies, an output missing /daily/population, a scenario of other locations, a
# scenario directory that does not exist or has no source_data/, no -run/-sweep, a sweep
# directory without design.csv. Nothing is written for them.
. "$(dirname "$0")/lib.sh"
ms_need h5copy "Debian: apt-get install hdf5-tools"
[ -x "$H5EDIT" ] || { echo "FAIL: helper $H5EDIT not built"; exit 1; }

good=$MS_TMP/good.h5
ms_run 0 60 "$MS_TMP/good" -scenario "$MS_DEFAULT" -output "$good" -days 40 -flee_csv none
[ $? -eq 0 ] || { ms_fail "migrasim failed"; ms_show "$MS_TMP/good"; ms_finish; }
size=$(stat -c %s "$good")

echo "not hdf5" >"$MS_TMP/text.h5"
h5copy -i "$good" -o "$MS_TMP/foreign.h5" -s /routes -d /routes
head -c 2048 "$good" >"$MS_TMP/trunc_head.h5"
head -c $((size / 2)) "$good" >"$MS_TMP/trunc_half.h5"
cp "$good" "$MS_TMP/nopop.h5" && "$H5EDIT" "$MS_TMP/nopop.h5" unlink daily/population
mkdir -p "$MS_TMP/nosource" && cp -r "$MS_DEFAULT/input_csv" "$MS_TMP/nosource/"
mkdir -p "$MS_TMP/emptysweep"

n=0
expect_error() # WHAT NEEDLE ARGS...: exit 1 and one line naming NEEDLE
{
  local what=$1 needle=$2 log rc lines
  shift 2
  n=$((n + 1))
  log=$MS_TMP/case$n
  mv_run "$log" "$@"
  rc=$?
  lines=$(grep -cv '^$' "$log.err")
  if [ $rc -eq 1 ] && [ "$lines" = 1 ] && grep -q '^migrasim-validate: error: ' "$log.err" && grep -qF -- "$needle" "$log.err"; then
    ms_ok "$what: $(cat "$log.err")"
  else
    ms_fail "$what: exit $rc, $lines lines on stderr (want 1, naming '$needle')"
    ms_show "$log"
  fi
}
expect_error "missing file" "$MS_TMP/none.h5" -run "$MS_TMP/none.h5"
expect_error "text file" "text.h5: not an HDF5 file" -run "$MS_TMP/text.h5"
expect_error "foreign HDF5 file" "foreign.h5: not a migrasim output" -run "$MS_TMP/foreign.h5"
expect_error "first 2 KiB of an output" "trunc_head.h5:" -run "$MS_TMP/trunc_head.h5"
expect_error "first half of an output" "trunc_half.h5:" -run "$MS_TMP/trunc_half.h5"
expect_error "no /daily/population" "nopop.h5: dataset '/daily/population' is missing" -run "$MS_TMP/nopop.h5"
expect_error "scenario of other locations" "good.h5: the run has" -run "$good" -scenario "$MS_SRC/tests/parsers/fixtures/valid"
expect_error "scenario not there" "good.h5: scenario directory" -run "$good" -scenario "$MS_TMP/nowhere"
expect_error "scenario without source_data" "good.h5: scenario '$MS_TMP/nosource' has no source_data" -run "$good" -scenario "$MS_TMP/nosource"
expect_error "neither -run nor -sweep" "give one of -run" -csv "$MS_TMP/x.csv"
expect_error "sweep without design.csv" "emptysweep/design.csv" -sweep "$MS_TMP/emptysweep"
for f in text foreign trunc_head trunc_half nopop; do
  [ -e "$MS_TMP/$f.validation.csv" ] && ms_fail "$f: a table was written"
done
[ -e "$MS_TMP/good.validation.csv" ] && ms_fail "good.h5 with a wrong scenario: a table was written"
h5dump -H -g /validation "$good" >/dev/null 2>&1 && ms_fail "good.h5 with a wrong scenario: /validation was written"
ms_finish
