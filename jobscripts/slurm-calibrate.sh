#!/bin/bash
# A calibration of a finished sweep (docs/slurm.md, docs/calibration.md), usually submitted by
# jobscripts/slurm-submit-sweep.sh to start after the sweep (--dependency=afterok):
#     MIGRASIM_SWEEP=DIR sbatch [sbatch options] jobscripts/slurm-calibrate.sh [migrasim-calibrate options]
# writes DIR.calibration.h5 (and its .csv and .md summaries) unless -output names another.
#SBATCH --job-name=migrasim-calibrate
#SBATCH --ntasks=1
#SBATCH --time=01:00:00
#SBATCH --output=%x-%j.log
set -uo pipefail
# this directory: Slurm runs a copy of this script; scontrol knows where the original is
d=${MIGRASIM_JOBSCRIPTS:-}
[ -n "$d" ] || [ -z "${SLURM_JOB_ID:-}" ] || d=$(dirname "$(scontrol show job -o "$SLURM_JOB_ID" | tr ' ' '\n' | sed -n 's/^Command=//p' | head -n 1)")
. "${d:-$(dirname "$0")}/slurm-lib.sh" || exit 1

msj_setup
sweep=$(msj_opt sweep "${MIGRASIM_SWEEP:-}" "$@")
[ -n "$sweep" ] || msj_die "give the sweep's directory: MIGRASIM_SWEEP=DIR or -sweep DIR"
sweep=${sweep%/}
out=$(msj_opt output "$sweep.calibration.h5" "$@")
msj_request "calibration of the sweep $sweep/, writing $out"
msj_launch migrasim-calibrate -sweep "$sweep" -output "$out" "$@"
rc=$?
[ $rc -ne 0 ] || echo "migrasim job: done: $out"
exit $rc
