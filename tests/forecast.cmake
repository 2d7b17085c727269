# Forecasts (MODEL.md section 10): the scores against hand computation on tiny series
# (tests/unit/test_scores.c), and the report writers on a small synthetic result: its CSV
# tables checked by tests/unit/test_forecast_report.c, its page opened in a headless chromium
# by tests/unit/forecast_report_browser.sh (skipped where chromium is absent).
add_executable(test_scores ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scores.c)
target_link_libraries(test_scores PRIVATE migrasim_tools)
target_compile_options(test_scores PRIVATE ${MS_WARN})
foreach(case quantiles crps coverage trend shares skill)
  add_test(NAME unit.scores.${case} COMMAND test_scores ${case})
  set_tests_properties(unit.scores.${case} PROPERTIES ENVIRONMENT "${MS_TEST_ENV}" LABELS unit)
endforeach()
