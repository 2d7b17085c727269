#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the bundled
# default scenario (inputs/default) on 2 ranks, writing default.h5 and default.out.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
jobscripts/install-deps.sh
jobscripts/build.sh
# Open MPI refuses root without explicit consent; 2 ranks may exceed the cores of a small machine
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpiexec --oversubscribe -n 2 build/migrasim -scenario inputs/default -output default.h5 -seed 1 "$@"
