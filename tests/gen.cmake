# Tests of the scenario generator migrasim-gen (tests/gen/gen_*.sh, bash; docs/generator.md):
# determinism from the seed, the road graph (connected, mean degree about 3), observed series
# that add up to -agents, runs of a generated scenario on 1 and 2 ranks with identical /daily,
# bad options, and a 100,000-location, 10^8-agent generation. `ctest -R '^gen_'`.
# Helpers in tests/lib.sh; a test whose tool is missing exits 77 (skipped).
set(MS_GEN_DIR ${CMAKE_CURRENT_LIST_DIR}/gen)
find_program(MS_GEN_BASH bash)
if(NOT MS_GEN_BASH)
  message(STATUS "generator tests (tests/gen) skipped: they need bash")
  return()
endif()

# name : ctest TIMEOUT in seconds : PROCESSORS
set(MS_GEN_TESTS
  "gen_determinism:60:1"
  "gen_graph:60:1"
  "gen_runs:120:2"
  "gen_bad_options:90:1"
  "gen_large:90:1")
foreach(entry IN LISTS MS_GEN_TESTS)
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 timeout)
  list(GET parts 2 procs)
  add_test(NAME ${name} COMMAND ${MS_GEN_BASH} ${MS_GEN_DIR}/${name}.sh)
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "${MS_TEST_ENV}"
    SKIP_RETURN_CODE 77
    TIMEOUT ${timeout}
    PROCESSORS ${procs}
    LABELS "gen")
endforeach()
