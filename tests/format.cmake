# Numbers written for people in their shortest exact form (ms_format.h):
# `ctest -R format --output-on-failure`.
#   unit_format             MSFormatReal and MSFormatRealWithin on chosen and random doubles
#   format_design_numbers   design.csv of sobol and lhs sweeps: 0.40625, no rounding tails
ms_test_program(test_format migrasim_engine ${CMAKE_CURRENT_LIST_DIR}/format/test_format.c)
add_test(NAME unit_format COMMAND test_format)
set_tests_properties(unit_format PROPERTIES LABELS "format" TIMEOUT 30)
ms_shell_tests(PREFIX format_ DIR ${CMAKE_CURRENT_LIST_DIR}/format LABELS format
  TESTS design_numbers:120:2)
