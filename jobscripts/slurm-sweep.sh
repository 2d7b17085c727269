#!/bin/bash
# A sweep packed into one job (docs/slurm.md, docs/sweeps.md): the job's tasks in groups of
# MIGRASIM_RANKS_PER_MEMBER (default 1) run the members one after another.
#     MIGRASIM_DESIGN=design.yml sbatch [sbatch options] jobscripts/slurm-sweep.sh [migrasim options]
# writes DESIGN.sweep/ (MIGRASIM_SWEEP or -sweep_output name another). Before the time limit the
# running members checkpoint and the job submits the next with the resources it had itself, as
# jobscripts/slurm-restartable.sh does: the sweep resumes, each stopped member from its
# checkpoint. The stop file is SWEEPDIR/stop.
#SBATCH --job-name=migrasim-sweep
#SBATCH --ntasks=8
#SBATCH --time=04:00:00
#SBATCH --signal=B:USR1@120
#SBATCH --output=%x-%j.log
set -uo pipefail
# this directory: Slurm runs a copy of this script; scontrol knows where the original is
d=${MIGRASIM_JOBSCRIPTS:-}
[ -n "$d" ] || [ -z "${SLURM_JOB_ID:-}" ] || d=$(dirname "$(scontrol show job -o "$SLURM_JOB_ID" | tr ' ' '\n' | sed -n 's/^Command=//p' | head -n 1)")
. "${d:-$(dirname "$0")}/slurm-lib.sh" || exit 1

msj_setup
msj_sweep_args "$@"
msj_request "part ${MIGRASIM_CHAIN_PART:-1} of the sweep $MSJ_DESIGN into $MSJ_SWEEP/, members on ${MSJ_RPM} rank(s) each"
how="submit again with the same options: the sweep resumes"
if [ -e "$MSJ_SWEEP/stop" ]; then
  echo "migrasim job: the stop file $MSJ_SWEEP/stop is there: nothing run; remove it, then $how"
  exit 3
fi
h=$(msj_walltime_hours)
[ -z "$h" ] || msj_has max_walltime "$@" || MSJ_ARGS+=(-max_walltime "$h")
msj_launch migrasim "${MSJ_ARGS[@]}" "$@"
rc=$?
if [ $rc -eq 4 ]; then
  echo "migrasim job: error: some members failed (their messages are in $MSJ_SWEEP/status.csv); the others are done" >&2
  exit 4
fi
msj_chain_next $rc "$(msj_opt stop_file "$MSJ_SWEEP/stop" "$@")" "$how" "$@"
rc=$?
[ $rc -ne 0 ] || [ -n "${MSJ_NEXT:-}" ] || echo "migrasim job: the sweep is complete: $MSJ_SWEEP/status.csv"
exit $rc
