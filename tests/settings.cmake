# Settings tests (tests/settings/*.sh, scenarios in tests/settings/CASE): the settings of
# MODEL.md section 7b on small scenarios whose outcomes follow from the formulas by hand,
# each on 1 and 3 ranks with the same /daily bit for bit; Flee's whole settings layout and
# the refusal of every misspelt key, unsupported feature and unknown option.
# `ctest -L settings --output-on-failure`.
#   observed  optimisations.hasten, empty_camps_on_day0, initial_idps; the tools' observed
#             series; take_from_population (data-driven)
#   zones     the column conflict_intensity; take_from_population (conflict-driven)
#   pops      movechance_pop_base and movechance_pop_scale_factor, with take_from_population
#   choice    use_pop_for_loc_weight and stay_close_to_home in route choice
#   sinks     camps_are_sinks, deactivation_probability, /daily/removed, the conservation
#   restart   the settings of section 7b that carry state: segments restarted from checkpoints
#             equal the straight run bit for bit
#   flee      Flee's whole layout (tests/settings/flee/simsetting.yml) runs; every misspelt key
#             and option, every feature not modelled, refused with one line; PETSc's options
#   options   every tool refuses an option nothing reads, with one line on 2 ranks
ms_shell_tests(PREFIX settings_ DIR ${CMAKE_CURRENT_LIST_DIR}/settings LABELS settings
  TESTS # name:ctest TIMEOUT:PROCESSORS
  observed:180:3
  zones:180:3
  pops:180:3
  choice:180:3
  sinks:180:3
  restart:180:3
  flee:600:3
  options:300:2)

# The forecast's in-memory snapshot restores the state of section 7b's settings (a case of
# tests/unit/test_forecast_sim.c, defined in forecast.cmake), on 1 to 3 ranks.
foreach(np 1 2 3)
  ms_mpi_test(unit.forecast_sim.sinks_np${np} ${np} $<TARGET_FILE:test_forecast_sim>
              ${CMAKE_SOURCE_DIR}/inputs/default sinks)
  set_tests_properties(unit.forecast_sim.sinks_np${np} PROPERTIES
    LABELS "unit;forecast;settings" TIMEOUT 120)
endforeach()
