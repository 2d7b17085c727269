#!/usr/bin/env bash
# postprocess_loader: postprocess/migrasim_io.py opens a real output (the default scenario on 2
# ranks, restarted once from a checkpoint, so that /day was extended by a restart) with
# h5py, pandas and xarray (check_loader.py): the file is self-describing (units, descriptions,
# dimension scales, typed attributes), the DataFrames and the Dataset have named coordinates
# day, date and location, and their values are h5py's. Skipped without Debian's python3-h5py;
# the pandas or xarray checks skipped, with a line, without python3-pandas or python3-xarray.
. "$(dirname "$0")/../lib.sh"
ms_need_python h5py
py=$MS_PY

ms_must_run 2 120 seg1 -scenario "$MS_DEFAULT" -seed 3 -days 40 -checkpoint_every 20 -checkpoint_prefix ck -output run.h5
ms_must_run 2 120 seg2 -scenario "$MS_DEFAULT" -seed 3 -days 60 -restart ck.h5 -output run.h5
ms_expect_eq "rows of /day after the restart" "$(ms_rows run.h5 /day)" 60
PYTHONPATH=$MS_SRC/postprocess "$py" "$MS_TESTS/postprocess/check_loader.py" run.h5 >check.out 2>&1
rc=$?
sed "s/^/  /" check.out
case $rc in
0) ms_ok "check_loader.py: $(grep -c '^ok' check.out) checks" ;;
77) ms_skip "neither pandas nor xarray installed" ;;
*) ms_fail "check_loader.py: $(grep -c '^FAIL' check.out) checks failed (exit $rc)" ;;
esac
ms_finish
