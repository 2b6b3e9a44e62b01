#!/usr/bin/env bash
# Pruning benchmark: the same 16-trial sweep (bench/sweep/fashion-mnist-sweep.yaml) run locally
# three times with plateau sweep, changing only spec.pruning (none, median, asha): total epochs
# trained, wall time and the best trial's test accuracy. Prints a Markdown table for
# bench/RESULTS.md.
#
#   bench/sweep/run.sh [--threads N]
#
# Needs Debian's dataset-fashion-mnist (or PLATEAU_DATA_ROOT). Never part of the tests; about
# 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 bench/sweep/compare.py "$@"
