# C unit tests of the engine's kernels (tests/unit/*.c, sharing world.h): names start with
# "unit." (the sanitizer pass of .ci/run reruns them), label "unit".
# `ctest -L unit --output-on-failure`.
#
#   unit.step           the step kernel on tiny hand-built scenarios: onto a link at the day's
#                       speed, a second hop the same day, a closed far end sends the agent back,
#                       running counts equal a recount (1 rank)
#   unit.exchange_npN   migrants posted arrive intact and exactly once, early sends and the
#                       drain included (2 and 3 ranks)
#   unit.steal          agents stepped by a partner end the day as stepped at home (2 ranks)
set(MS_UNIT_DIR ${CMAKE_CURRENT_LIST_DIR}/unit)
foreach(name step exchange steal)
  ms_test_program(test_unit_${name} migrasim_engine ${MS_UNIT_DIR}/test_${name}.c ${MS_UNIT_DIR}/world.c)
endforeach()

# name : executable : ranks
set(MS_UNIT_TESTS "step:step:1" "exchange_np2:exchange:2" "exchange_np3:exchange:3" "steal:steal:2")
foreach(entry IN LISTS MS_UNIT_TESTS)
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 exe)
  list(GET parts 2 np)
  ms_mpi_test(unit.${name} ${np} $<TARGET_FILE:test_unit_${exe}>)
  set_tests_properties(unit.${name} PROPERTIES LABELS "unit" TIMEOUT 120)
endforeach()
