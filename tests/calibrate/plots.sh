#!/usr/bin/env bash
# postprocess/plot_calibration.py on the twin experiment's calibration (calibrate_twin leaves it
# in MS_CAL_WORK): one PNG per camp and overview.png. Skipped without python3-matplotlib and
# python3-h5py (Debian's, /usr/bin/python3, preferred over any other python3 on the PATH).
. "$(dirname "$0")/../lib.sh"

ms_need_python h5py matplotlib
py=$MS_PY
cal=${MS_CAL_WORK:-}/pounders.h5
[ -f "$cal" ] || { ms_fail "$cal not found: run calibrate_twin first (ctest fixture calibration_twin)"; ms_finish; }
"$py" "$MS_SRC/postprocess/plot_calibration.py" "$cal" -o plots >plot.out 2>&1 || { cat plot.out; ms_fail "plot_calibration.py failed"; ms_finish; }
for f in camp_Near_Camp.png camp_Far_Camp.png camp_East_Camp.png overview.png; do
  if [ -s "plots/$f" ] && [ "$(head -c 4 "plots/$f" | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then ms_ok "$f written (PNG)"
  else ms_fail "$f missing or not a PNG"; fi
done
# a file that is not a calibration: one line, non-zero
"$py" "$MS_SRC/postprocess/plot_calibration.py" "$MS_CAL_WORK/truth.h5" -o bad >/dev/null 2>bad.err
[ $? -ne 0 ] && grep -q 'not a calibration file' bad.err && ms_ok "a run file is refused" || ms_fail "a run file was not refused"
ms_finish
