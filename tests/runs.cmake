# Whole-run tests (tests/runs/*.sh, bash): determinism across rank counts and partitions,
# the real Flee scenarios, fuzzed inputs, bad options and errors on many ranks.
# `ctest -R 'determinism|shared|fuzz|options|ranks' --output-on-failure`.
# They need bash, timeout (coreutils) and h5dump/h5diff (hdf5-tools); a test whose tool or
# data (MS_SHARED/data/flee) is missing says so and is reported as skipped (exit 77).
set(MS_RUNS_DIR ${CMAKE_CURRENT_LIST_DIR}/runs)

# partition_traffic: a repartition cuts the routes without traffic, and gives a faster rank more (a ring of four regions on
# 2 ranks, tests/runs/ring4), whichever pair of routes carries it
ms_test_program(test_partition_traffic migrasim_tools ${MS_RUNS_DIR}/test_partition_traffic.c)
ms_mpi_test(partition_traffic 2 $<TARGET_FILE:test_partition_traffic> -scenario ${MS_RUNS_DIR}/ring4)
set_tests_properties(partition_traffic PROPERTIES TIMEOUT 60 LABELS "runs")

ms_shell_tests(DIR ${MS_RUNS_DIR} LABELS runs
  TESTS # name:ctest TIMEOUT:PROCESSORS
  determinism_default:120:2
  determinism_shared:180:2
  determinism_rebalance:300:2
  determinism_steal:300:2
  shared_scenarios:240:2
  shared_days_beyond_length:180:2
  robustness_fuzz:200:2
  bad_options:120:2
  options_output_attributes:60:2
  error_all_ranks:180:2)
