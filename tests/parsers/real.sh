#!/usr/bin/env bash
# real.sh BIN NAME: load the real Flee scenario MS_SHARED/data/flee/NAME with test_scenario
# (BIN) on one rank; it must load, with the warnings its known quirks cause (the text users
# see). Skipped (77) when the shared data are not there.
bin=$1
name=$2
MS_NAME=parsers.real.$name
. "$(dirname "$0")/../lib.sh"
dir=$MS_FLEE/$name
[ -d "$dir" ] || ms_skip "scenario '$name' not found at '$dir' (set MS_SHARED to the shared directory)"
ms_exec 1 120 run "$bin" "$dir"
rc=$?
cat run.out
[ "$rc" -eq 0 ] || { ms_fail "exit code $rc"; cat run.err; ms_finish; }
head -n 1 run.out | grep -q '^OK ' && ms_ok "$name loads" || { ms_fail "$name did not load"; cat run.err; }
# Known quirks of the data, each of which must stay a warning, not an error.
case $name in
car) grep -q "camp 'Bossobolo' is not in locations.csv" run.out && ms_ok "the warning about the missing camp Bossobolo" || ms_fail "no warning about the missing camp Bossobolo" ;;
venezuela2022) grep -q "repeat earlier ones and are ignored" run.out && ms_ok "the warning about the repeated routes" || ms_fail "no warning about the repeated routes" ;;
burundi) grep -q "column 'Isale' names no location" run.out && ms_ok "the warning about the conflicts column Isale" || ms_fail "no warning about the conflicts column Isale" ;;
esac
ms_finish
