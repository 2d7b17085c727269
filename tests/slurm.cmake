# Job scripts on a real Slurm (tests/slurm/*.sh, bash; docs/slurm.md): each test but
# slurm_signals starts a one-node Slurm of its own (tests/lib.sh, slurm_start: Debian's slurm-wlm and munge, installed
# where missing, skipped where that cannot be done or ports 6817/6818 are taken), submits job
# scripts, checks what they wrote, and stops every daemon it started. One at a time (the
# ports), each on both cores. `ctest -L slurm --output-on-failure`.
#
#   slurm_single   jobscripts/slurm.sh from another directory, srun --mpi=pmix, output = direct run
#   slurm_chain    jobscripts/slurm-restartable.sh: stops at the time-limit signal, continues with
#                  the first job's resources, output = direct run; the stop file; an error
#   slurm_sweeps   the sweep as a job array and as one packed job = a direct sweep; the
#                  calibration after the array (afterok)
#   slurm_signals  the job scripts outside Slurm (mpiexec), and migrasim alone: SIGTERM and
#                  SIGINT end in a checkpoint and status 3 (no Slurm needed)
ms_shell_tests(DIR ${CMAKE_CURRENT_LIST_DIR}/slurm LABELS slurm
  TESTS slurm_single:240:2 slurm_chain:480:2 slurm_sweeps:300:2 slurm_signals:480:2)
foreach(t slurm_single slurm_chain slurm_sweeps)
  set_tests_properties(${t} PROPERTIES RESOURCE_LOCK slurm_ports)
endforeach()
