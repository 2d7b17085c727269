# Reliability tests (tests/reliability/*.sh, bash; helpers in tests/lib.sh): I/O failures, kills
# and restarts around them. `ctest -L reliability --output-on-failure`.
#
#   reliability_full_disk   writes failing with ENOSPC/EIO after N bytes (the LD_PRELOAD shim
#                           tests/reliability/failwrite.c) in the output, a checkpoint, out.csv,
#                           on 1 and 2 ranks and on one rank of two: exit 1 within the time
#                           limit, one error line naming the file, nothing partial under the
#                           final name, the older file kept
#   reliability_kills       runs without checkpoints killed at random moments on 1 and 2 ranks:
#                           the older output kept, out.h5.partial readable with every flushed day
#   reliability_restart_newest  -restart P.h5 takes the newest whole of P.h5, .tmp and .prev and
#                           says which; another code version refused unless -restart_allow_version
#   reliability_stop_in_day  a stop signal in a day that never ends: exit 3 within -stop_grace,
#                           the last checkpoint whole, continued = straight
#   reliability_messages    integer options beyond their range, YAML errors with their line
#   reliability_fuzz_ranks  a number of the default scenario pushed to an extreme, on 1 and 2
#                           ranks: both exit 0 with agents conserved and the same /daily, or both
#                           refuse it in the same one line
add_library(ms_failwrite SHARED ${CMAKE_CURRENT_LIST_DIR}/reliability/failwrite.c)
target_link_libraries(ms_failwrite PRIVATE ${CMAKE_DL_LIBS})
ms_shell_tests(DIR ${CMAKE_CURRENT_LIST_DIR}/reliability LABELS reliability
  ENV MS_FAILWRITE=$<TARGET_FILE:ms_failwrite>
  TESTS # name:ctest TIMEOUT:PROCESSORS
  reliability_full_disk:600:2
  reliability_kills:300:2
  reliability_restart_newest:300:2
  reliability_stop_in_day:300:2
  reliability_messages:120:2
  reliability_fuzz_ranks:400:2)
