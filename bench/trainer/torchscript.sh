#!/usr/bin/env bash
# The TorchScript example end to end (examples/torchscript), as the "bring your own model" issue
# reports it: the module exported by PyTorch 2.x in the reference environment, trained by Plateau
# to its early stop (test accuracy, epochs), the same network trained eagerly by PyTorch for 3
# epochs beside it (samples/s, at the fastest of its stock settings, swept here), and
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
# The reference at its best: every stock setting swept (threads, wait policy, Adam variant) on
# 10 timed steps, the fastest then trained for 3 epochs beside Plateau's numbers above.
for omp in 1 2; do for blas in 1 2; do for policy in PASSIVE ACTIVE unset; do
  env=(OMP_NUM_THREADS=$omp OPENBLAS_NUM_THREADS=$blas)
  [ "$policy" = unset ] || env+=(OMP_WAIT_POLICY=$policy)
  in_ref env "${env[@]}" python3 bench/trainer/reference.py sweep fashion-cnn \
    --data /data/fashion-mnist --split "$work/fashion-cnn/split.json" --steps 10 --warmup 3
done; done; done | grep '^{' > "$work/sweep.jsonl"
best=$(python3 -c 'import json,sys; rows=[json.loads(l) for l in open(sys.argv[1])];
b=min(rows, key=lambda r: r["msPerStep"]); print(json.dumps(b))' "$work/sweep.jsonl")
echo "reference at its best: $best"
read -r omp blas policy adam < <(python3 -c 'import json,sys; b=json.loads(sys.argv[1]);
print(b["OMP_NUM_THREADS"], b["OPENBLAS_NUM_THREADS"], b["OMP_WAIT_POLICY"], b["adam"])' "$best")
env=(OMP_NUM_THREADS=$omp OPENBLAS_NUM_THREADS=$blas)
[ "$policy" = unset ] || env+=(OMP_WAIT_POLICY=$policy)
in_ref env "${env[@]}" python3 bench/trainer/reference.py train fashion-cnn \
  --data /data/fashion-mnist --split "$work/fashion-cnn/split.json" --epochs 3 --adam "$adam" \
  --profile
in_ref python3 examples/torchscript/load_best.py "$work/fashion-cnn" /data/fashion-mnist
