#!/usr/bin/env bash
# The speed comparison on a CUDA machine: Plateau's CUDA path against PyTorch on CUDA, same
# models, split, optimizer (Adam; fused on both sides), batch size 128 and epochs.
#
#   bench/trainer/gpu-check.sh [mlp lenet cnn]
#
# Needs: an NVIDIA GPU and driver for CUDA 12.8; Java 17 and the trainer jar built with its CUDA
# dependencies (DJL 0.36 runs libtorch 2.7.1: put libtorch 2.7.1+cu128 in a folder named by
# PYTORCH_LIBRARY_PATH, as the CUDA image does, or let DJL download it where there is network);
# python3 with a CUDA torch for the reference; the Fashion-MNIST files under
# PLATEAU_DATA_ROOT/fashion-mnist. Prints one JSON line per epoch and side.
set -euo pipefail
cd "$(dirname "$0")/../.."
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(mlp lenet cnn)
data=${PLATEAU_DATA_ROOT:-/usr/share/datasets}
runs=bench/trainer/runs/gpu
mkdir -p "$runs"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c 'import torch; print("reference torch", torch.__version__, "cuda", torch.version.cuda,
  torch.cuda.get_device_name(0))'
for model in "${models[@]}"; do
  name=speed-$model
  ./plateau run "bench/trainer/speed/$model.yaml" --device gpu --runs-dir "$runs" \
    --data-root "$data" --profile --export-split | tee "$runs/$model.log" | grep -E "^(epoch|profile|first)"
  python3 bench/trainer/reference.py train "$model" --device cuda --data "$data/fashion-mnist" \
    --split "$runs/$name/split.json" --epochs "$(grep -c '^profile' "$runs/$model.log")" \
    --adam fused --profile
done
