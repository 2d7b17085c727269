#!/bin/bash
# A sweep as a job array (docs/slurm.md, docs/sweeps.md): task I runs members
# I*K .. I*K+K-1 (K = MIGRASIM_MEMBERS_PER_TASK, default 1) on its tasks.
#     MIGRASIM_DESIGN=design.yml sbatch --array=0-N [sbatch options] jobscripts/slurm-sweep-array.sh [migrasim options]
# with N+1 = members / K (tasks beyond the design find nothing to do). All tasks write
# DESIGN.sweep/ (MIGRASIM_SWEEP or -sweep_output name another). A task stopped by the time
# limit exits 3 and its members keep their checkpoints: submit the same array (or just those
# tasks, --array=I,J) again, and they continue from them while the done ones are skipped.
#SBATCH --job-name=migrasim-sweep
#SBATCH --array=0-7
#SBATCH --ntasks=1
#SBATCH --time=01:00:00
#SBATCH --signal=B:USR1@120
#SBATCH --output=%x-%A_%a.log
set -uo pipefail
# this directory: Slurm runs a copy of this script; scontrol knows where the original is
d=${MIGRASIM_JOBSCRIPTS:-}
[ -n "$d" ] || [ -z "${SLURM_JOB_ID:-}" ] || d=$(dirname "$(scontrol show job -o "$SLURM_JOB_ID" | tr ' ' '\n' | sed -n 's/^Command=//p' | head -n 1)")
. "${d:-$(dirname "$0")}/slurm-lib.sh" || exit 1

msj_setup
: "${SLURM_ARRAY_TASK_ID:?not a task of a job array: submit with sbatch --array=0-N}"
msj_sweep_args "$@"
k=${MIGRASIM_MEMBERS_PER_TASK:-1}
first=$((SLURM_ARRAY_TASK_ID * k))
# PETSc's list syntax: A-B is A to B-1
members=$first
[ "$k" -eq 1 ] || members=$first-$((first + k))
msj_request "task $SLURM_ARRAY_TASK_ID of the sweep $MSJ_DESIGN into $MSJ_SWEEP/: members $first to $((first + k - 1))"
h=$(msj_walltime_hours)
[ -z "$h" ] || msj_has max_walltime "$@" || MSJ_ARGS+=(-max_walltime "$h")
msj_launch migrasim "${MSJ_ARGS[@]}" -sweep_members "$members" "$@"
rc=$?
case $rc in
0) echo "migrasim job: members $first to $((first + k - 1)) done" ;;
3) echo "migrasim job: stopped, members left with their checkpoints: submit this task again (sbatch --array=$SLURM_ARRAY_TASK_ID with the same options): they continue from them" ;;
4) echo "migrasim job: error: some members failed (their messages are in $MSJ_SWEEP/status.csv)" >&2 ;;
*) echo "migrasim job: error: migrasim exited with status $rc (see above)" >&2 ;;
esac
exit $rc
