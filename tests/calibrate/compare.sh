#!/usr/bin/env bash
# migrasim-compare on runs: two identical runs (exit 0), two runs with a different camp_weight
# (exit 1, the ARD rows marked, the differing setting listed first), and errors (exit 2, one line). The table on stdout is the
# tool's product, and is read as such.
. "$(dirname "$0")/../lib.sh"
ms_need h5dump

common=(-scenario "$MS_DEFAULT" -days 40 -seed 3 -flee_csv none)
ms_must_run 0 60 a "${common[@]}" -output a.h5
ms_must_run 0 60 b "${common[@]}" -output b.h5
ms_must_run 0 60 c "${common[@]}" -move_rules_camp_weight 8 -output c.h5

# compare LOG ARGS...: ms_exec of migrasim-compare alone.
compare()
{
  local log=$1
  shift
  ms_exec 0 60 "$log" "$MIGRASIM_COMPARE" "$@"
}

compare ab a.h5 b.h5
rc=$?
if [ $rc -eq 0 ] && grep -q '^0 difference' ab.out; then ms_ok "two identical runs: exit 0, no difference"
else ms_show ab; ms_fail "two identical runs: exit $rc, want 0"; fi
grep -q '^camp Tarsk' ab.out && grep -q 'MASE' ab.out || ms_fail "no per-camp rows (camp Tarsk, MASE) in the table"

compare ac a.h5 c.h5 -tolerance 0.01
rc=$?
if [ $rc -eq 1 ] && grep -q '^  ARD (rescaled).*\*$' ac.out; then ms_ok "camp_weight 1 against 8: exit 1, ARD marked"
else ms_show ac; ms_fail "camp_weight 1 against 8: exit $rc, want 1 with the ARD marked"; fi

# the settings in which they differ come first, numbers in their shortest form
first=$(grep -n '^settings that differ:' ac.out | cut -d: -f1)
ard=$(grep -n '^  ARD (rescaled)' ac.out | cut -d: -f1)
if [ -n "$first" ] && [ "$first" -lt "$ard" ] && grep -qE '^  move_rules\.camp_weight +1 +8$' ac.out && grep -q '^1 setting(s) differ' ac.out; then
  ms_ok "the differing setting (camp_weight 1 against 8) is listed first"
else ms_show ac; ms_fail "no 'settings that differ' section before the figures, with camp_weight 1 and 8"; fi
grep -q '^0 setting(s) differ' ab.out && ! grep -q '^settings that differ' ab.out && ms_ok "identical runs: no setting differs" || ms_fail "identical runs: settings said to differ"

# the ARD of the table is the one the run itself stored
want=$(ms_attr a.h5 ard)
got=$(awk '/^  ARD \(rescaled\)/ { print $3 }' ac.out)
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(d < 1e-5 && d > -1e-5) }' && ms_ok "ARD $got is the run's own ($want)" || ms_fail "ARD $got differs from the run's attribute $want"

# a huge tolerance makes them equal
compare loose a.h5 c.h5 -tolerance 100
ms_expect_status "-tolerance 100" 0 $? loose

# errors: exit 2, one line naming the file
compare e1 a.h5 nothere.h5
ms_expect_error "missing file" e1 $? 2 '^migrasim-compare: error: .*nothere\.h5: cannot open'
echo "not hdf5" >text.h5
compare e2 a.h5 text.h5
ms_expect_error "not HDF5" e2 $? 2 '^migrasim-compare: error: .*text\.h5: not an HDF5 file'
# a file that says it is a calibration, whose parameter names are numbers
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
  /usr/bin/python3 -c "
import h5py, numpy as np
with h5py.File('numnames.h5', 'w') as f:
    f.attrs['code'] = np.bytes_('migrasim-calibrate'); f['parameters/name'] = np.arange(3.0)"
  compare e4 numnames.h5 numnames.h5
  ms_expect_error "numeric parameter names" e4 $? 2 "^migrasim-compare: error: .*numnames\\.h5: field '/parameters/name': not strings"
else
  echo "skip: numeric parameter names (no python3-h5py to write the file)"
fi
compare e3 a.h5
ms_expect_error "one file" e3 $? 2 '^migrasim-compare: error: give two files'
ms_finish
