#!/usr/bin/env bash
# The TorchScript example end to end (examples/torchscript), as the "bring your own model" issue
# reports it: the module exported by PyTorch 2.x in the reference environment, trained by Plateau
# to its early stop (test accuracy, epochs), the same network trained eagerly by PyTorch for 3
# epochs beside it (samples/s, the conv nets' best thread settings of run.sh's sweep), and
# best/model.pt loaded back in PyTorch (test accuracy against Plateau's).
#
#   bench/trainer/torchscript.sh          (as root; needs bench/trainer/reference-env.sh's chroot)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${PLATEAU_DATA_ROOT:-/usr/share/datasets}
work=bench/trainer/runs/torchscript
mkdir -p "$work/models/torchscript"
ln -sfn "$data/fashion-mnist" "$work/models/fashion-mnist"
in_ref() { bench/trainer/in-reference-env.sh "$@" 2>&1 | { grep -v -e UCX -e cpuinfo || true; }; }
in_ref python3 examples/torchscript/make_model.py "$work/models/torchscript/fashion-cnn.pt"
./plateau run examples/torchscript/fashion-cnn.yaml --data-root "$work/models" --runs-dir "$work" \
  --profile --export-split | tee "$work/plateau.log" | grep -v '^profile'
for policy in ACTIVE PASSIVE; do
  in_ref env OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=$policy python3 \
    bench/trainer/reference.py train fashion-cnn --data /data/fashion-mnist \
    --split "$work/fashion-cnn/split.json" --epochs 3 --adam fused --profile
done
in_ref python3 examples/torchscript/load_best.py "$work/fashion-cnn" /data/fashion-mnist
