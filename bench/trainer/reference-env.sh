#!/usr/bin/env bash
# Builds the speed reference: Debian trixie's PyTorch 2.x (python3-torch, oneDNN, AVX-512
# kernels) with the pthread OpenBLAS, in a minimal chroot, so it runs beside Plateau on a
# Debian bookworm host whose own torch is 1.13.
#
#   bench/trainer/reference-env.sh [DIR]     (as root; default DIR: ~/.cache/plateau/torch-trixie)
#
# Needs debootstrap and about 1.5 GB of disk; takes a few minutes. Run it again to check or
# finish an interrupted build: each step is skipped when its result is already there.
# bench/trainer/in-reference-env.sh runs a command inside it.
set -euo pipefail

dir=${1:-${PLATEAU_REFERENCE_ENV:-$HOME/.cache/plateau/torch-trixie}}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then
  echo "reference-env.sh: debootstrap and chroot need root; run it with sudo" >&2
  exit 2
fi
if ! command -v debootstrap >/dev/null; then
  apt-get install -y debootstrap
fi
if [ ! -x "$dir/usr/bin/apt-get" ]; then
  mkdir -p "$dir"
  debootstrap --variant=minbase trixie "$dir" "$mirror"
fi
if ! chroot "$dir" python3 -c 'import torch' 2>/dev/null; then
  # OpenBLAS named explicitly: without it torch falls back to the reference BLAS (about 10x
  # slower).
  chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get update
  chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    python3-torch python3-numpy libopenblas0-pthread
fi
chroot "$dir" python3 -c 'import torch; print("torch", torch.__version__, "in", "'"$dir"'");
print(torch.__config__.show())' | head -20
