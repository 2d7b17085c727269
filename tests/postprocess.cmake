# postprocess/ (the Python tools around outputs): `ctest -L postprocess --output-on-failure`.
#   postprocess_loader   migrasim_io.py opens a real output with h5py, pandas and xarray: named
#                        coordinates day, date and location, values equal to h5py's, and the
#                        file self-describing (units, descriptions, dimension scales, types)
#   postprocess_plots    plot_runs.py on one run and on a set of seeds: a page per camp and an
#                        overview, each of the expected size and not blank
# Skipped (77) without Debian's python3-h5py (and python3-matplotlib for the plots).
ms_shell_tests(PREFIX postprocess_ DIR ${CMAKE_CURRENT_LIST_DIR}/postprocess LABELS postprocess
  TESTS loader:180:2 plots:240:1)
