#!/usr/bin/env bash
# migrasim-compare on runs: two identical runs (exit 0), two runs with a different camp_weight
# (exit 1, the ARD rows marked), and errors (exit 2, one line).
. "$(dirname "$0")/lib.sh"

common=(-scenario "$MS_DEFAULT" -days 40 -seed 3 -flee_csv none)
ms_run 0 60 "$MS_TMP/a" "${common[@]}" -output "$MS_TMP/a.h5" || { ms_show "$MS_TMP/a"; ms_fail "run a"; ms_finish; }
ms_run 0 60 "$MS_TMP/b" "${common[@]}" -output "$MS_TMP/b.h5" || { ms_show "$MS_TMP/b"; ms_fail "run b"; ms_finish; }
ms_run 0 60 "$MS_TMP/c" "${common[@]}" -move_rules_camp_weight 8 -output "$MS_TMP/c.h5" || { ms_show "$MS_TMP/c"; ms_fail "run c"; ms_finish; }

"$COMPARE" "$MS_TMP/a.h5" "$MS_TMP/b.h5" >"$MS_TMP/ab.out" 2>"$MS_TMP/ab.err"
rc=$?
if [ $rc -eq 0 ] && grep -q '^0 difference' "$MS_TMP/ab.out"; then ms_ok "two identical runs: exit 0, no difference"
else cat "$MS_TMP/ab.out" "$MS_TMP/ab.err"; ms_fail "two identical runs: exit $rc, want 0"; fi
grep -q '^camp Tarsk' "$MS_TMP/ab.out" && grep -q 'MASE' "$MS_TMP/ab.out" || ms_fail "no per-camp rows (camp Tarsk, MASE) in the table"

"$COMPARE" "$MS_TMP/a.h5" "$MS_TMP/c.h5" -tolerance 0.01 >"$MS_TMP/ac.out" 2>"$MS_TMP/ac.err"
rc=$?
if [ $rc -eq 1 ] && grep -q '^  ARD (rescaled).*\*$' "$MS_TMP/ac.out"; then ms_ok "camp_weight 1 against 8: exit 1, ARD marked"
else cat "$MS_TMP/ac.out" "$MS_TMP/ac.err"; ms_fail "camp_weight 1 against 8: exit $rc, want 1 with the ARD marked"; fi

# the ARD of the table is the one the run itself printed and stored
want=$(ms_attr "$MS_TMP/a.h5" ard)
got=$(awk '/^  ARD \(rescaled\)/ { print $3 }' "$MS_TMP/ac.out")
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(d < 1e-5 && d > -1e-5) }' && ms_ok "ARD $got is the run's own ($want)" || ms_fail "ARD $got differs from the run's attribute $want"

# a huge tolerance makes them equal
"$COMPARE" "$MS_TMP/a.h5" "$MS_TMP/c.h5" -tolerance 100 >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && ms_ok "-tolerance 100: exit 0" || ms_fail "-tolerance 100: exit $rc, want 0"

# errors: exit 2, one line naming the file
"$COMPARE" "$MS_TMP/a.h5" "$MS_TMP/nothere.h5" >/dev/null 2>"$MS_TMP/e1.err"
rc=$?
n=$(grep -c '^migrasim-compare: error: .*nothere.h5: cannot open' "$MS_TMP/e1.err")
[ $rc -eq 2 ] && [ "$n" -eq 1 ] && [ "$(wc -l <"$MS_TMP/e1.err")" -eq 1 ] && ms_ok "missing file: exit 2, one line" || { cat "$MS_TMP/e1.err"; ms_fail "missing file: exit $rc, $n error lines"; }
echo "not hdf5" >"$MS_TMP/text.h5"
"$COMPARE" "$MS_TMP/a.h5" "$MS_TMP/text.h5" >/dev/null 2>"$MS_TMP/e2.err"
rc=$?
[ $rc -eq 2 ] && grep -q '^migrasim-compare: error: .*text.h5: not an HDF5 file' "$MS_TMP/e2.err" && ms_ok "not HDF5: exit 2" || { cat "$MS_TMP/e2.err"; ms_fail "not HDF5: exit $rc"; }
# a file that says it is a calibration, whose parameter names are numbers
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
  /usr/bin/python3 -c "
import h5py, numpy as np
with h5py.File('$MS_TMP/numnames.h5', 'w') as f:
    f.attrs['code'] = np.bytes_('migrasim-calibrate'); f['parameters/name'] = np.arange(3.0)"
  "$COMPARE" "$MS_TMP/numnames.h5" "$MS_TMP/numnames.h5" >/dev/null 2>"$MS_TMP/e4.err"
  rc=$?
  [ $rc -eq 2 ] && [ "$(wc -l <"$MS_TMP/e4.err")" -eq 1 ] && grep -q "^migrasim-compare: error: .*numnames.h5: field '/parameters/name': not fixed-length strings" "$MS_TMP/e4.err" && ms_ok "numeric parameter names: exit 2, one line" || { cat "$MS_TMP/e4.err"; ms_fail "numeric parameter names: exit $rc"; }
else
  echo "skip: numeric parameter names (no python3-h5py to write the file)"
fi
"$COMPARE" "$MS_TMP/a.h5" >/dev/null 2>"$MS_TMP/e3.err"
rc=$?
[ $rc -eq 2 ] && grep -q '^migrasim-compare: error: give two files' "$MS_TMP/e3.err" && ms_ok "one file: exit 2" || { cat "$MS_TMP/e3.err"; ms_fail "one file: exit $rc"; }
ms_finish
