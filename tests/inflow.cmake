# Unit tests of the forecast's inputs (MODEL.md section 10) and of the batched random draws:
# `ctest -L unit`.
#   unit.inflow.CASE    the inflow models of ms_inflow.h on hand-made total series: persist
#                       (7-day blocks of the window's increments, keyed draws), trend (an
#                       exact line continued), quantile and count files, observed, conflict,
#                       bad options and one bad projection file per error
#   unit.variant.CASE   the variant reader of ms_variant.h on tests/unit/fixtures/variant: a
#                       file with every kind of change, and one bad file per error, each
#                       message checked for FILE:LINE and field
ms_test_program(test_inflow migrasim_engine ${CMAKE_CURRENT_LIST_DIR}/unit/test_inflow.c)
foreach(case persist trend quantiles counts observed conflict options files)
  add_test(NAME unit.inflow.${case} COMMAND test_inflow ${case})
  set_tests_properties(unit.inflow.${case} PROPERTIES LABELS unit TIMEOUT 30)
endforeach()

ms_test_program(test_variant migrasim_engine ${CMAKE_CURRENT_LIST_DIR}/unit/test_variant.c)
set(MS_VARIANT_CASES
    valid missing_file no_changes third_line
    unknown_what unknown_what_far unknown_location_near unknown_location_far unknown_location_name2
    empty_location unknown_country no_route reopen_no_route not_forced camp_not_camp
    location_with_name2 closure_with_value capacity_not_camp capacity_below_one capacity_not_number
    capacity_empty capacity_with_name2 open_camp_at_camp conflict_negative
    setting_fixed setting_fixed_hasten setting_fixed_option_name setting_unknown setting_bad_value
    setting_no_value from_past from_forecast_day from_bad from_bad_date until_before_from
    until_past reopen_nothing reopen_nothing_location)
foreach(case ${MS_VARIANT_CASES})
  add_test(NAME unit.variant.${case}
           COMMAND test_variant ${CMAKE_CURRENT_LIST_DIR}/unit/fixtures/variant ${case})
  set_tests_properties(unit.variant.${case} PROPERTIES LABELS unit TIMEOUT 30)
endforeach()

# unit.rng.words01: the batched draws of ms_rng.h (MSRngDrawWords01) equal MSRngDraw() word for
# word, for every count of draws a vector splits into and ids read through an index list
ms_test_program(test_rng migrasim_engine ${CMAKE_CURRENT_LIST_DIR}/unit/test_rng.c)
add_test(NAME unit.rng.words01 COMMAND test_rng)
set_tests_properties(unit.rng.words01 PROPERTIES LABELS unit TIMEOUT 30)
