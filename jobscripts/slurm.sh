#!/bin/bash
# Example Slurm job: one scenario on 4 ranks. Submit with: sbatch jobscripts/slurm.sh
#SBATCH --job-name=migrasim
#SBATCH --ntasks=4
#SBATCH --time=01:00:00
#SBATCH --output=migrasim-%j.log
set -euo pipefail
SCENARIO=${SCENARIO:-inputs/default}
srun build/migrasim -scenario "$SCENARIO" -output "migrasim-$SLURM_JOB_ID.h5" -seed "${SEED:-1}" "$@"
