#!/usr/bin/env bash
# Trainer benchmark: Plateau next to PyTorch 2.x at its best on this machine, in one run
# (bench/trainer/compare.py says how). Prints Markdown tables for bench/RESULTS.md.
#
#   bench/trainer/run.sh [mlp lenet cnn] [--threads N] [--rounds N] [--accuracy MODEL...]
#
# Needs root (the reference runs in a chroot), Debian's dataset-fashion-mnist (or
# PLATEAU_DATA_ROOT) and the reference environment: bench/trainer/reference-env.sh builds it
# (PLATEAU_REFERENCE_ENV names it). Never part of the tests; about 15 minutes with all three
# models on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 bench/trainer/compare.py "$@"
