# Sweeps in one MPI job (tests/sweep/*.sh, bash; docs/sweeps.md): members equal single runs,
# kill and resume, a failing member, bad design files. `ctest -R sweep --output-on-failure`.
# They need bash, timeout and h5diff/h5dump (hdf5-tools); a missing tool is a skip (77).
set(MS_SWEEP_DIR ${CMAKE_CURRENT_LIST_DIR}/sweep)
find_program(MS_SWEEP_BASH bash)
if(NOT MS_SWEEP_BASH)
  message(STATUS "sweep tests (tests/sweep) skipped: they need bash")
  return()
endif()

# name : ctest TIMEOUT in seconds : PROCESSORS
set(MS_SWEEP_TESTS
  "sweep_matches_single:90:2"
  "sweep_resume:90:2"
  "sweep_failed_member:90:2"
  "sweep_bad_designs:120:2")
foreach(entry IN LISTS MS_SWEEP_TESTS)
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 timeout)
  list(GET parts 2 procs)
  add_test(NAME ${name} COMMAND ${MS_SWEEP_BASH} ${MS_SWEEP_DIR}/${name}.sh)
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "${MS_TEST_ENV}"
    SKIP_RETURN_CODE 77
    TIMEOUT ${timeout}
    PROCESSORS ${procs}
    LABELS "runs;sweep")
endforeach()
