# Sensitivity analysis (docs/sensitivity.md): `ctest -R sensitivity --output-on-failure`.
#   unit_sensitivity_ishigami  the Sobol indices of the Ishigami function from a Saltelli design
#                              against the analytic ones (within the bootstrap intervals)
#   sensitivity_sweep          a Saltelli sweep on the default scenario, migrasim-sensitivity's
#                              CSV, HDF5 and table, and its errors on designs that are not Saltelli
ms_test_program(test_sensitivity_ishigami migrasim_tools
                ${CMAKE_CURRENT_LIST_DIR}/sensitivity/test_ishigami.c)
add_test(NAME unit_sensitivity_ishigami COMMAND test_sensitivity_ishigami)
set_tests_properties(unit_sensitivity_ishigami PROPERTIES LABELS "sensitivity" TIMEOUT 60)
ms_shell_tests(PREFIX sensitivity_ DIR ${CMAKE_CURRENT_LIST_DIR}/sensitivity LABELS sensitivity
  TESTS sweep:180:2)
