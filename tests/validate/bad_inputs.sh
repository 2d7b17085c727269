#!/usr/bin/env bash
# validate_bad_inputs: every input migrasim-validate cannot use gives exactly one line on
# stderr, "migrasim-validate: error: FILE: what is wrong", naming the file, and exit status 1:
# a missing file, a text file, an HDF5 file that is no migrasim output (made with h5copy),
# truncated copies, an output missing /daily/population, a scenario of other locations, a
# scenario directory that does not exist or has no source_data/, no -run/-sweep, a sweep
# directory without design.csv. Nothing is written for them.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump h5copy
[ -x "$MS_H5EDIT" ] || { ms_fail "helper $MS_H5EDIT not built"; ms_finish; }

good=good.h5
ms_must_run 0 60 good -scenario "$MS_DEFAULT" -output $good -days 40 -flee_csv none
size=$(stat -c %s $good)

echo "not hdf5" >text.h5
h5copy -i $good -o foreign.h5 -s /routes -d /routes
head -c 2048 $good >trunc_head.h5
head -c $((size / 2)) $good >trunc_half.h5
cp $good nopop.h5 && "$MS_H5EDIT" nopop.h5 unlink daily/population
mkdir -p nosource && cp -r "$MS_DEFAULT/input_csv" nosource/
mkdir -p emptysweep

n=0
# expect_error WHAT NEEDLE ARGS...: migrasim-validate refuses ARGS: exit 1 and one line,
# "migrasim-validate: error: ...", naming NEEDLE.
expect_error()
{
  local what=$1 needle=$2
  shift 2
  n=$((n + 1))
  val_run case$n "$@"
  ms_expect_error "$what" case$n $? 1 '^migrasim-validate: error: ' "$(printf '%s' "$needle" | sed 's#[][\.*^$+?(){}|]#\\&#g')"
}
expect_error "missing file" "none.h5" -run none.h5
expect_error "text file" "text.h5: not an HDF5 file" -run text.h5
expect_error "foreign HDF5 file" "foreign.h5: not a migrasim output" -run foreign.h5
expect_error "first 2 KiB of an output" "trunc_head.h5:" -run trunc_head.h5
expect_error "first half of an output" "trunc_half.h5:" -run trunc_half.h5
expect_error "no /daily/population" "nopop.h5: dataset '/daily/population' is missing" -run nopop.h5
expect_error "scenario of other locations" "good.h5: the run has" -run $good -scenario "$MS_SRC/tests/parsers/fixtures/valid"
expect_error "scenario not there" "good.h5: scenario directory" -run $good -scenario nowhere
expect_error "scenario without source_data" "good.h5: scenario 'nosource' has no source_data" -run $good -scenario nosource
expect_error "neither -run nor -sweep" "give one of -run" -csv x.csv
expect_error "sweep without design.csv" "emptysweep/design.csv" -sweep emptysweep
for f in text foreign trunc_head trunc_half nopop; do
  [ -e "$f.validation.csv" ] && ms_fail "$f: a table was written"
done
[ -e good.validation.csv ] && ms_fail "good.h5 with a wrong scenario: a table was written"
h5dump -H -g /validation $good >/dev/null 2>&1 && ms_fail "good.h5 with a wrong scenario: /validation was written"
ms_finish
