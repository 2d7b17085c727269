# Unit tests of the forecast's inputs (MODEL.md section 10): `ctest -L unit`.
#   unit.inflow.CASE    the inflow models of ms_inflow.h on hand-made total series: persist
#                       (7-day blocks of the window's increments, keyed draws), trend (an
#                       exact line continued), quantile and count files, observed, conflict,
#                       bad options and one bad projection file per error
add_executable(test_inflow ${CMAKE_CURRENT_LIST_DIR}/unit/test_inflow.c)
target_link_libraries(test_inflow PRIVATE migrasim_engine)
foreach(case persist trend quantiles counts observed conflict options files)
  add_test(NAME unit.inflow.${case} COMMAND test_inflow ${case})
  set_tests_properties(unit.inflow.${case} PROPERTIES LABELS unit TIMEOUT 30)
endforeach()

