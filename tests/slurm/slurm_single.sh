#!/usr/bin/env bash
# shellcheck disable=SC2154 # the job ids, set by slurm_submit
# slurm_single: jobscripts/slurm.sh on a real one-node Slurm (tests/lib.sh, slurm_start),
# submitted from a directory outside the source tree with only sbatch options: it finds
# migrasim and the default scenario itself, asks srun for PMIx (the node's MpiDefault is none),
# names its output and log after the job, says what the job asked for, and writes the /daily of
# a direct run on as many ranks, bit for bit. Two jobs in one directory do not collide.
. "$(dirname "$0")/../lib.sh"
ms_need h5diff h5dump
slurm_start

S=(-days 40 -seed 5)
slurm_submit a --ntasks=2 --time=2 "$MS_SRC/jobscripts/slurm.sh" "${S[@]}"
slurm_submit b --ntasks=1 --time=2 "$MS_SRC/jobscripts/slurm.sh" "${S[@]}"
ms_must_run 2 120 direct -scenario "$MS_DEFAULT" "${S[@]}" -output direct.h5 -flee_csv none
slurm_wait 120 -j "$a,$b" || ms_finish
for id in $a $b; do
  slurm_expect_done "jobscripts/slurm.sh" "$id"
  log=migrasim-$id.log
  ms_expect_eq "job $id: its log, named after the job" "$(ls "$log" 2>/dev/null)" "$log"
  ms_expect_eq "job $id: its output, named after the job, complete" "$(ms_attr "migrasim-$id.h5" complete)" 1
  ms_same direct.h5 "migrasim-$id.h5" "job $id ($(slurm_job "$id" NumTasks) tasks) vs a direct run" /daily
  # what the job asked for, so that a user can tell why it waited
  grep -q "tasks x 1 cpus, time limit 00:02:00" "$log" && ms_ok "job $id: its log says what it asked for" ||
    { ms_fail "job $id: no line on the tasks and the time limit asked for"; head -n 5 "$log" | sed 's/^/  | /'; }
  grep -q "launch: srun --mpi=pmix" "$log" && ms_ok "job $id: launched by srun --mpi=pmix" || ms_fail "job $id: not launched by srun --mpi=pmix"
done
ms_expect_eq "ranks recorded by the 2-task job's output" "$(ms_attr "migrasim-$a.h5" nranks)" 2
ms_finish
