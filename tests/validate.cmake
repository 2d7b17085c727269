# migrasim-validate (docs/validation-metrics.md): `ctest -R validate --output-on-failure`.
#   unit_validate_metrics   the metric functions of ms_metrics.h on hand-computed tables
#   validate_run_default    the ARD of a run recomputed from its file equals the run's own
#                           (also with -population_scale and -days beyond Length); /validation
#                           and the CSV table are complete; a second pass replaces /validation
#   validate_run_shared     the same on a real Flee scenario with Flee's validation profile
#   validate_sweep          a sweep directory of 3 members (one failed): the table's rows,
#                           each member's /validation; a broken member is reported, not fatal
#   validate_bad_inputs     missing, foreign, truncated and incomplete files, another
#                           scenario: one error line and a non-zero exit each
#   validate_flee_csv_layout out.csv of mali and burundi against Flee's own (../shared/reference):
#                           the same header, camp order and data-only columns
ms_test_program(test_validate_metrics migrasim_tools ${CMAKE_CURRENT_LIST_DIR}/validate/test_metrics.c)
add_test(NAME unit_validate_metrics COMMAND test_validate_metrics)
set_tests_properties(unit_validate_metrics PROPERTIES LABELS "validate" TIMEOUT 30)

ms_test_program(ms_h5edit migrasim_tools ${CMAKE_CURRENT_LIST_DIR}/validate/h5edit.c)
ms_shell_tests(PREFIX validate_ DIR ${CMAKE_CURRENT_LIST_DIR}/validate LABELS validate
  ENV MS_H5EDIT=$<TARGET_FILE:ms_h5edit>
  TESTS run_default:120:2 run_shared:120:2 sweep:120:2 bad_inputs:120:2 flee_csv_layout:300:2)
