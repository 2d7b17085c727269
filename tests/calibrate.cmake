# Calibration tests (tests/calibrate/*.sh, bash; docs/calibration.md): the twin experiment
# (sweep, ABC, POUNDERS on 2 ranks), migrasim-compare on runs, the plots, input errors, and the
# priors from the design file with POUNDERS' limits (calibrate_priors).
# `ctest -L calibrate --output-on-failure`. calibrate_plots reads what calibrate_twin leaves in
# the build directory (a CTest fixture) and is skipped (77) without python3-matplotlib/h5py.
ms_shell_tests(PREFIX calibrate_ DIR ${CMAKE_CURRENT_LIST_DIR}/calibrate LABELS calibrate
  ENV MS_CAL_WORK=${CMAKE_BINARY_DIR}/tests/calibrate_twin
  TESTS twin:240:2 compare:90:1 plots:90:1 errors:90:1 priors:300:2) # name:ctest TIMEOUT:PROCESSORS
if(MS_BASH)
  set_tests_properties(calibrate_twin PROPERTIES FIXTURES_SETUP calibration_twin)
  set_tests_properties(calibrate_plots PROPERTIES FIXTURES_REQUIRED calibration_twin)
endif()
