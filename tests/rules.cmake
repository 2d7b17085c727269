# Rule tests: small hand-made scenarios (tests/rules/<case>/input_csv) whose outcomes follow
# from MODEL.md's formulas by hand; each case's test.sh explains its expected counts and
# compares them with the HDF5 output (h5dump). `ctest -R rules --output-on-failure`.
#
#   line       multi-hop days, arrivals, a day ending with 0 km left (sections 2, 3)
#   marker     markers are no hop and no end point; planned routes are followed
#   fork       route choice shares w1/(w1+w2), softening, distance_power, awareness 0,
#              all weights zero (section 3)
#   stints     avoid_short_stints at its boundary (section 3)
#   closures   link, country, location and camp closures; back to the link's start (5)
#   capacity   capacity multiplier under the synchronous update (3, 8)
#   redirect   forced redirections, remove_forced_redirection (1, 5)
#   awareness  awareness_level 2, following a plan, dropping a plan to a full camp (3)
#   spawn      conflict-driven spawning: constant, pop_ratio, poisson; conflicts.csv (4, 6)
#   spawn_day0 conflict_date without conflicts.csv; insert_day0 in conflict-driven mode (4, 6)
#
# Cases listed with more than one rank count run again under mpiexec with -partition
# location, so that hops cross rank boundaries, and (fork, closures, awareness) compare
# the output with a 1-rank run bit for bit (section 8).
if(NOT MS_BASH)
  return()
endif()

set(MS_RULE_CASES
  "line:1,3"
  "marker:1,4"
  "fork:1,3"
  "closures:1,3"
  "stints:1"
  "capacity:1"
  "redirect:1"
  "awareness:1,4"
  "spawn:1"
  "spawn_day0:1")
foreach(entry IN LISTS MS_RULE_CASES)
  string(REPLACE ":" ";" parts "${entry}")
  string(REPLACE "," ";" parts "${parts}")
  list(GET parts 0 case)
  list(REMOVE_AT parts 0)
  foreach(np IN LISTS parts)
    add_test(NAME rules_${case}_np${np}
             COMMAND ${MS_BASH} ${CMAKE_CURRENT_LIST_DIR}/rules/${case}/test.sh ${np})
    set_tests_properties(rules_${case}_np${np} PROPERTIES
      ENVIRONMENT "${MS_TEST_ENV}"
      SKIP_RETURN_CODE 77
      PROCESSORS ${np}
      LABELS "rules"
      TIMEOUT 120)
  endforeach()
endforeach()
