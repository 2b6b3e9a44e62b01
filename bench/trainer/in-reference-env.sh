#!/usr/bin/env bash
# Runs a command inside the reference environment that bench/trainer/reference-env.sh built, with
# /proc, /sys and /dev of the host (without /proc PyTorch cannot read the CPU's features and
# falls back to kernels without AVX), the repository at /plateau and the data root at /data.
#
#   bench/trainer/in-reference-env.sh COMMAND [ARG...]      (as root)
#
# PLATEAU_REFERENCE_ENV names the environment (default ~/.cache/plateau/torch-trixie);
# PLATEAU_DATA_ROOT the data root (default /usr/share/datasets).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
env_dir=${PLATEAU_REFERENCE_ENV:-$HOME/.cache/plateau/torch-trixie}
data=${PLATEAU_DATA_ROOT:-/usr/share/datasets}
if [ ! -x "$env_dir/usr/bin/python3" ]; then
  echo "in-reference-env.sh: no reference environment at $env_dir; build it with" \
    "bench/trainer/reference-env.sh $env_dir" >&2
  exit 2
fi
exec unshare --mount --propagation private -- /bin/sh -eu -c '
  env_dir=$1 repo=$2 data=$3; shift 3
  for d in proc sys dev; do mount --rbind "/$d" "$env_dir/$d"; done
  mkdir -p "$env_dir/plateau" "$env_dir/data"
  mount --bind "$repo" "$env_dir/plateau"
  mount --bind -o ro "$data" "$env_dir/data"
  exec chroot "$env_dir" /usr/bin/env -C /plateau "$@"
' in-reference-env "$env_dir" "$repo" "$data" "$@"
