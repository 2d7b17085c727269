# Calibration tests (tests/calibrate/*.sh, bash; docs/calibration.md): the twin experiment
# (sweep, ABC, POUNDERS on 2 ranks), migrasim-compare on runs, the plots, and input errors.
# `ctest -L calibrate --output-on-failure`. calibrate_plots reads what calibrate_twin leaves in
# the build directory (a CTest fixture) and is skipped (77) without python3-matplotlib/h5py.
set(MS_CAL_DIR ${CMAKE_CURRENT_LIST_DIR}/calibrate)
find_program(MS_CAL_BASH bash)
if(NOT MS_CAL_BASH)
  message(STATUS "calibration tests (tests/calibrate) skipped: they need bash")
  return()
endif()
set(MS_CAL_WORK ${CMAKE_BINARY_DIR}/tests/calibrate_twin)

# name : ctest TIMEOUT in seconds : PROCESSORS
set(MS_CAL_TESTS
  "twin:240:2"
  "compare:90:1"
  "plots:90:1"
  "errors:90:1")
foreach(entry IN LISTS MS_CAL_TESTS)
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 timeout)
  list(GET parts 2 procs)
  add_test(NAME calibrate_${name} COMMAND ${MS_CAL_BASH} ${MS_CAL_DIR}/${name}.sh)
  set_tests_properties(calibrate_${name} PROPERTIES
    ENVIRONMENT "${MS_TEST_ENV};MS_CAL_WORK=${MS_CAL_WORK}"
    SKIP_RETURN_CODE 77
    TIMEOUT ${timeout}
    PROCESSORS ${procs}
    LABELS "calibrate")
endforeach()
set_tests_properties(calibrate_twin PROPERTIES FIXTURES_SETUP calibration_twin)
set_tests_properties(calibrate_plots PROPERTIES FIXTURES_REQUIRED calibration_twin)
