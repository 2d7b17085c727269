# Parser tests: src/io/scenario.c and src/io/csv.c against a small valid fixture, broken in
# one way per test (tests/parsers/run_case.sh lists the cases and the exact
# "FILE:LINE: field 'X'" each must report), and against the real Flee scenarios.
ms_test_program(test_scenario migrasim_tools ${CMAKE_CURRENT_SOURCE_DIR}/parsers/test_scenario.c)

if(NOT MS_BASH)
  return()
endif()
set(MS_PARSER_DIR ${CMAKE_CURRENT_SOURCE_DIR}/parsers)
set(MS_PARSER_CASES
    valid missing_camp_warning optional_files_absent conflicts_unknown_column conflicts_unknown_zero_column
    missing_locations empty_locations duplicate_name unknown_type negative_population
    bad_conflict_date huge_conflict_date bad_latitude missing_location_column nul_byte garbage_bytes
    empty_routes header_only_routes missing_column missing_column_header unknown_location_routes
    nonnumeric_distance nan_distance huge_distance negative_distance bad_forced route_to_itself huge_line
    unknown_location_closures unknown_country link_without_route unknown_closure_type bad_closure_start
    unknown_location_conflicts_header conflicts_duplicate_column conflicts_day_order conflicts_missing_value conflicts_negative
    conflicts_nonnumeric_day
    empty_simperiod bad_date_simperiod bad_month_simperiod garbage_date_simperiod missing_startdate
    negative_length huge_length nonint_length
    bad_date_series bad_count_series missing_series_file unknown_location_corrections
    correction_not_a_series bad_date_corrections
    mpi2_valid mpi2_error)
foreach(case ${MS_PARSER_CASES})
  add_test(NAME parsers.${case}
           COMMAND ${MS_BASH} ${MS_PARSER_DIR}/run_case.sh $<TARGET_FILE:test_scenario> ${MS_PARSER_DIR}/fixtures/valid ${case})
  set_tests_properties(parsers.${case} PROPERTIES ENVIRONMENT "${MS_TEST_ENV}" SKIP_RETURN_CODE 77 LABELS parsers)
endforeach()

foreach(scenario burundi car ethiopia mali nigeria2016 tigray2020 venezuela2022)
  add_test(NAME parsers.real.${scenario} COMMAND ${MS_BASH} ${MS_PARSER_DIR}/real.sh $<TARGET_FILE:test_scenario> ${scenario})
  set_tests_properties(parsers.real.${scenario} PROPERTIES ENVIRONMENT "${MS_TEST_ENV}" SKIP_RETURN_CODE 77 LABELS parsers)
endforeach()
