# Sweeps in one MPI job (tests/sweep/*.sh, bash; docs/sweeps.md): members equal single runs,
# kill and resume, a failing member, bad design files. `ctest -R sweep --output-on-failure`.
# They need bash, timeout and h5diff/h5dump (hdf5-tools); a missing tool is a skip (77).
ms_shell_tests(DIR ${CMAKE_CURRENT_LIST_DIR}/sweep LABELS runs sweep
  TESTS sweep_matches_single:90:2 sweep_resume:90:2 sweep_failed_member:90:2 sweep_bad_designs:120:2)
