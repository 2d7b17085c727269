#!/bin/bash
# A Slurm job that survives the queue's time limit: 120 s before it, Slurm sends SIGUSR1,
# migrasim checkpoints and exits with status 3, and the job resubmits itself to continue.
#SBATCH --job-name=migrasim
#SBATCH --ntasks=8
#SBATCH --time=04:00:00
#SBATCH --signal=B:USR1@120
#SBATCH --output=migrasim-%j.log
set -uo pipefail
SCENARIO=${SCENARIO:-inputs/default}
OUT=${OUT:-run.h5}
CK=${CK:-run-ck}
restart=()
[ -f "$CK.h5" ] && restart=(-restart "$CK.h5")
# the batch shell forwards the signal to the job step
trap 'kill -USR1 "$pid" 2>/dev/null' USR1
srun build/migrasim -scenario "$SCENARIO" -output "$OUT" -checkpoint_prefix "$CK" -checkpoint_every 30 "${restart[@]}" "$@" &
pid=$!
wait "$pid"; status=$?
# wait returns early when the trap fires: wait again for the checkpoint and the exit status
while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done
if [ "$status" -eq 3 ]; then sbatch "$0" "$@"; fi
exit "$status"
