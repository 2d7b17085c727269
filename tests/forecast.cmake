# Forecasts (MODEL.md section 10): the scores against hand computation on tiny series
# (tests/unit/test_scores.c), and the report writers on a small synthetic result: its CSV
# tables checked by tests/unit/test_forecast_report.c, its page opened in a headless chromium
# by tests/unit/forecast_report_browser.sh (skipped where chromium is absent).
ms_test_program(test_scores migrasim_tools ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scores.c)
foreach(case quantiles crps coverage trend shares skill dress)
  add_test(NAME unit.scores.${case} COMMAND test_scores ${case})
  set_tests_properties(unit.scores.${case} PROPERTIES ENVIRONMENT "${MS_TEST_ENV}" LABELS unit)
endforeach()

# MSScenarioCutSeries() (what was known on a forecast day) on tests/forecast/cut, by hand.
ms_test_program(test_scenario_cut migrasim_engine ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scenario_cut.c)
add_test(NAME unit.scenario_cut COMMAND test_scenario_cut ${CMAKE_CURRENT_SOURCE_DIR}/forecast/cut)
set_tests_properties(unit.scenario_cut PROPERTIES ENVIRONMENT "${MS_TEST_ENV}" LABELS "unit;forecast")

ms_test_program(test_forecast_report migrasim_tools
                ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_forecast_report.c)
set(MS_REPORT_OUT ${CMAKE_CURRENT_BINARY_DIR}/forecast_report)
file(MAKE_DIRECTORY ${MS_REPORT_OUT})
add_test(NAME unit.forecast_report.tables COMMAND test_forecast_report ${MS_REPORT_OUT}/forecast)
add_test(NAME unit.forecast_report.backtest
         COMMAND test_forecast_report ${MS_REPORT_OUT}/backtest -backtest)
add_test(NAME unit.forecast_report.browser
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/unit/forecast_report_browser.sh
                 $<TARGET_FILE:test_forecast_report> ${MS_REPORT_OUT}/browser)
set_tests_properties(unit.forecast_report.tables unit.forecast_report.backtest
                     unit.forecast_report.browser PROPERTIES ENVIRONMENT "${MS_TEST_ENV}" LABELS unit)
set_tests_properties(unit.forecast_report.browser PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

# The engine's hooks for forecasts (ms_sim.h) on the default scenario, on 1 to 3 ranks: a
# snapshot restored continues as the uninterrupted run, assimilation at F (observed and transit),
# inflow after F.
ms_test_program(test_forecast_sim migrasim_engine ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_forecast_sim.c)
foreach(case snapshot assimilate transit inflow conflict)
  foreach(np 1 2 3)
    ms_mpi_test(unit.forecast_sim.${case}_np${np} ${np} $<TARGET_FILE:test_forecast_sim>
                ${CMAKE_SOURCE_DIR}/inputs/default ${case})
    set_tests_properties(unit.forecast_sim.${case}_np${np} PROPERTIES
      LABELS "unit;forecast" TIMEOUT 120)
  endforeach()
endforeach()

# migrasim-forecast end to end (tests/forecast/*.sh, bash; docs/forecast.md): `ctest -L forecast`.
#   forecast_variants   the hand-computable scenario tests/forecast/tiny: a variant's difference
#                       is 0 up to F and where it cannot reach, a border closure moves Camp A's
#                       arrivals to Camp B, shares 2/3 and 1/3, a warning on the day worked out
#                       and none when a variant raises the capacity, assimilation at F
#   forecast_ranks      forecast.h5's datasets bit for bit the same on 1, 2 and 3 ranks and
#                       with groups of 1 or 2 ranks per member (the default scenario, variants of
#                       every kind, a forecast day with observations after it)
#   forecast_transit    -assimilate transit on the default scenario with twice its total: the
#                       same forecast and member run on 1, 2 and 3 ranks, the observations at F,
#                       agents conserved with /daily/assimilated
#   forecast_errors     refusals, one line each; a forecast from a calibration's points
#   forecast_backtest   -backtest on the hand-computable scenario tests/forecast/line: the
#                       table's every figure as worked out (with -backtest_lookahead true
#                       -backtest_score_at daily), and the sums of its entries
#   forecast_cut        a forecast from day T the same whatever is observed after T; a backtest
#                       scored on observation days only, every figure worked out
#   forecast_hindcast   observed_until: a run the same whatever is observed after that day; a
#                       forecast and a backtest refuse it
#   forecast_dress      a backtest's residuals.csv row by row against its entries.csv; a forecast
#                       dressed with it (-dress) as worked out from its members, the same on 1
#                       and 2 ranks; a residual file refused: another scenario, a malformed line,
#                       no residuals of the arm, none observed by F
ms_shell_tests(PREFIX forecast_ DIR ${CMAKE_CURRENT_LIST_DIR}/forecast LABELS forecast
  TESTS variants:120:2 ranks:240:3 transit:240:3 errors:240:2 backtest:300:2 cut:300:2
  hindcast:120:2 dress:300:2) # name:ctest TIMEOUT:PROCESSORS
