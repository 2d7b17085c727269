#!/usr/bin/env bash
# The README's test command: install what is missing, build, and run the whole ctest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
jobscripts/install-deps.sh
jobscripts/build.sh
cd build && ctest --output-on-failure -j2 "$@"
