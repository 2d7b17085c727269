# Checkpoint/restart tests (tests/checkpoint/*.sh, bash; helpers in tests/lib.sh):
# segmented runs equal straight ones bit for bit, graceful stops on SIGTERM/SIGUSR1 and
# -max_walltime, a SIGKILL while a checkpoint is written, refused restarts that leave every
# file alone, the output's restart history. `ctest -R checkpoint --output-on-failure`.
# They need bash, timeout (coreutils), md5sum, h5dump/h5diff (hdf5-tools) and perl (the
# refusals); a test whose tool or data (MS_SHARED/data/flee) is missing is skipped (exit 77).
#
#   checkpoint_segments_default      40 days straight = 3 segments on 2, 1, 3 ranks (/daily,
#                                    final checkpoint, ARD, out.csv); another seed differs
#   checkpoint_segments_shared       the same on Flee's mali with the validation settings
#   checkpoint_sigterm               SIGTERM to all ranks, SIGUSR1 to mpiexec, SIGTERM to some
#                                    ranks: exit 3 with a checkpoint; continued = straight
#   checkpoint_sigkill_during_write  killed while writing a checkpoint: the previous one is
#                                    intact and continues exactly; .tmp refused; .prev usable
#   checkpoint_refusals              bad checkpoints, outputs, settings, -days: exit 1, one
#                                    error line, no file changed
#   checkpoint_walltime              -max_walltime: exit 3 with a checkpoint, continued = straight
#   checkpoint_output_history        the output's "restarts" attribute over several restarts
ms_shell_tests(DIR ${CMAKE_CURRENT_LIST_DIR}/checkpoint LABELS checkpoint
  TESTS # name:ctest TIMEOUT:PROCESSORS
  checkpoint_segments_default:120:2
  checkpoint_segments_shared:180:2
  checkpoint_sigterm:240:2
  checkpoint_sigkill_during_write:180:2
  checkpoint_refusals:240:2
  checkpoint_walltime:120:2
  checkpoint_output_history:120:2)
