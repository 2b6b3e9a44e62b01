#!/usr/bin/env bash
# Trainer benchmark: Plateau on the full Fashion-MNIST (CPU, 2 threads by default) next to the
# same models in PyTorch (Debian's python3-torch) in the same run. Prints one row per model.
#
#   bench/trainer/run.sh [mlp lenet cnn] [--threads N]
#
# Needs: dataset-fashion-mnist; for the reference column python3-torch and libopenblas0-pthread
# (Debian's torch is built against the generic BLAS, which without OpenBLAS is ~20x slower).
# Never part of the tests: it takes about half an hour with all three models.
set -euo pipefail
cd "$(dirname "$0")/../.."

threads=2
models=()
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    *) models+=("$1"); shift ;;
  esac
done
[ ${#models[@]} -gt 0 ] || models=(mlp lenet cnn)

data=${PLATEAU_DATA_ROOT:-/usr/share/datasets}
runs=bench/trainer/runs
mkdir -p "$runs"
./plateau --version >/dev/null   # builds the jar once, outside the measurements

manifest() {
  case "$1" in
    mlp) echo examples/fashion-mnist.yaml ;;
    *) echo "bench/trainer/$1.yaml" ;;
  esac
}

printf '%-6s %-28s %-12s %-12s %-10s %-10s %-14s | %s\n' model "stop epoch / maxEpochs" "s/epoch" \
  "samples/s" "test acc" "1st batch" "data wait" "PyTorch $( /usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo '(not installed)')"
for model in "${models[@]}"; do
  file=$(manifest "$model")
  name=$(awk '/^  name:/ {print $2; exit}' "$file")
  log="$runs/$model.log"
  ./plateau run "$file" --threads "$threads" --runs-dir "$runs" --data-root "$data" > "$log" 2>&1
  row=$(python3 - "$runs/$name" "$log" "$file" <<'PY'
import json, re, statistics, sys
run, log, manifest = sys.argv[1], sys.argv[2], sys.argv[3]
records = [json.loads(l) for l in open(f"{run}/metrics.jsonl")]
result = json.load(open(f"{run}/result.json"))
max_epochs = int(re.search(r"maxEpochs:\s*(\d+)", open(manifest).read()).group(1))
first = re.search(r"first batch ([0-9.]+) s", open(log).read()).group(1)
secs = statistics.median(r["epochSeconds"] for r in records)
sps = statistics.median(r["samplesPerSecond"] for r in records)
wait = sum(r.get("dataWaitSeconds", 0) for r in records) / sum(r["epochSeconds"] for r in records)
acc = result.get("testAccuracy")
print(f'{result["epochs"]:>3} / {max_epochs:<3} ({result["stopReason"]:<16}) {secs:<12.2f} {sps:<12.0f} '
      f'{(100 * acc if acc is not None else float("nan")):<10.2f} {first + " s":<10} {100 * wait:<5.1f}% of epoch  {result["epochs"]}')
PY
)
  epochs=${row##* }
  row=${row% *}
  ref=$(OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads /usr/bin/python3 \
        bench/trainer/reference.py "$model" "$epochs" "$threads" "$data/fashion-mnist" 2>/dev/null \
        || echo "reference skipped (python3-torch missing)")
  printf '%-6s %s | %s\n' "$model" "$row" "$ref"
done
