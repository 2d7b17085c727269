# Tests of the scenario generator migrasim-gen (tests/gen/gen_*.sh, bash; docs/generator.md):
# determinism from the seed, the road graph (connected, mean degree about 3), observed series
# that add up to -agents, runs of a generated scenario on 1 and 2 ranks with identical /daily,
# bad options, and a 100,000-location, 10^8-agent generation. `ctest -R '^gen_'`.
# Helpers in tests/lib.sh; a test whose tool is missing exits 77 (skipped).
ms_shell_tests(DIR ${CMAKE_CURRENT_LIST_DIR}/gen LABELS gen
  TESTS gen_determinism:60:1 gen_graph:60:1 gen_runs:180:2 gen_bad_options:90:1 gen_large:90:1)
