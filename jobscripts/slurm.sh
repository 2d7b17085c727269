#!/bin/bash
# One run as a Slurm job (docs/slurm.md):
#     sbatch [sbatch options] jobscripts/slurm.sh [migrasim options]
# writes JOBNAME-JOBID.h5 in the directory it was submitted from (MIGRASIM_OUTPUT or -output
# name another), of the scenario MIGRASIM_SCENARIO or -scenario (default: inputs/default).
#SBATCH --job-name=migrasim
#SBATCH --ntasks=4
#SBATCH --time=01:00:00
#SBATCH --output=%x-%j.log
set -uo pipefail
# this directory: Slurm runs a copy of this script; scontrol knows where the original is
d=${MIGRASIM_JOBSCRIPTS:-}
[ -n "$d" ] || [ -z "${SLURM_JOB_ID:-}" ] || d=$(dirname "$(scontrol show job -o "$SLURM_JOB_ID" | tr ' ' '\n' | sed -n 's/^Command=//p' | head -n 1)")
. "${d:-$(dirname "$0")}/slurm-lib.sh" || exit 1

msj_setup
out=$(msj_opt output "${MIGRASIM_OUTPUT:-${SLURM_JOB_NAME:-migrasim}-${SLURM_JOB_ID:-$$}.h5}" "$@")
ck=$(msj_opt checkpoint_prefix "${out%.h5}-ck" "$@")
msj_request "one run, writing $out"
args=(-output "$out" -checkpoint_prefix "$ck")
msj_has scenario "$@" || args+=(-scenario "${MIGRASIM_SCENARIO:-$MSJ_SCENARIO}")
msj_launch migrasim "${args[@]}" "$@"
rc=$?
case $rc in
0) echo "migrasim job: done: $out" ;;
3) echo "migrasim job: stopped early with the checkpoint $ck.h5: continue with the same options plus -restart $ck.h5, or run jobscripts/slurm-restartable.sh, which continues by itself" ;;
*) echo "migrasim job: error: migrasim exited with status $rc (see above)" >&2 ;;
esac
exit $rc
