#!/bin/bash
# A run longer than the queue's time limit, as a chain of jobs (docs/slurm.md):
#     sbatch [sbatch options] jobscripts/slurm-restartable.sh [migrasim options]
# Before the time limit (the signal of --signal=B:USR1@SECONDS, or -max_walltime from the
# job's end time when the signal does not come) migrasim checkpoints and exits 3, and the job
# submits the next one with the resources it had itself, to start when it has ended; the last
# one removes the checkpoints (MIGRASIM_KEEP_CHECKPOINTS=1 keeps them). The chain stops, with
# a message saying how to go on, after an error, on the stop file (OUTPUT.stop), or when a
# job is cancelled. The run writes JOBNAME-ID.h5, ID the first job's (MIGRASIM_OUTPUT or
# -output name another; continuing a chain by hand: MIGRASIM_OUTPUT=that file).
#SBATCH --job-name=migrasim
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
export MIGRASIM_CHAIN=${MIGRASIM_CHAIN:-${SLURM_JOB_ID:-$$}}
out=$(msj_opt output "${MIGRASIM_OUTPUT:-${SLURM_JOB_NAME:-migrasim}-$MIGRASIM_CHAIN.h5}" "$@")
ck=$(msj_opt checkpoint_prefix "${out%.h5}-ck" "$@")
stop=$(msj_opt stop_file "$out.stop" "$@")
msj_request "part ${MIGRASIM_CHAIN_PART:-1} of the chain $MIGRASIM_CHAIN, writing $out"
how="submit again with MIGRASIM_OUTPUT=$out (and the same options): the run continues from its checkpoint"
if [ -e "$stop" ]; then
  echo "migrasim job: the stop file $stop is there: nothing run; remove it, then $how"
  exit 3
fi
args=(-output "$out" -checkpoint_prefix "$ck")
msj_has scenario "$@" || args+=(-scenario "${MIGRASIM_SCENARIO:-$MSJ_SCENARIO}")
[ -z "${MIGRASIM_CHECKPOINT_EVERY:-}" ] || args+=(-checkpoint_every "$MIGRASIM_CHECKPOINT_EVERY")
h=$(msj_walltime_hours)
[ -z "$h" ] || msj_has max_walltime "$@" || args+=(-max_walltime "$h")
if r=$(msj_checkpoint_of "$ck"); then args+=(-restart "$r"); fi
msj_launch migrasim "${args[@]}" "$@"
msj_chain_next $? "$stop" "$how" "$@"
rc=$?
if [ $rc -eq 0 ] && [ -z "${MSJ_NEXT:-}" ]; then
  [ "${MIGRASIM_KEEP_CHECKPOINTS:-0}" = 1 ] || rm -f "$ck.h5" "$ck.h5.prev" "$ck.h5.tmp"
  echo "migrasim job: the chain $MIGRASIM_CHAIN is complete after ${MIGRASIM_CHAIN_PART:-1} job(s): $out$([ "${MIGRASIM_KEEP_CHECKPOINTS:-0}" = 1 ] && echo ", checkpoints kept" || echo ", checkpoints removed")"
fi
exit $rc
