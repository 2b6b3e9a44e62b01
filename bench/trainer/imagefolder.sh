#!/usr/bin/env bash
# How much of an epoch waits for data when an image folder is too large to hold in memory and
# streams with prefetching: Fashion-MNIST's 10,000 test images written as PNG files, one folder
# per class, trained with lenet at 32x32 under a small heap (so the loader streams).
#
#   bench/trainer/imagefolder.sh [--threads N]
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${2:-2}
data=${PLATEAU_DATA_ROOT:-/usr/share/datasets}
root=bench/trainer/runs/imagefolder
mkdir -p "$root"

if [ ! -d "$root/data/fashion-png" ]; then
  python3 - "$data/fashion-mnist" "$root/data/fashion-png" <<'PY'
import gzip, os, struct, sys, zlib
src, dst = sys.argv[1], sys.argv[2]
with gzip.open(f"{src}/t10k-images-idx3-ubyte.gz") as f:
    _, n, rows, cols = struct.unpack(">IIII", f.read(16)); pixels = f.read()
with gzip.open(f"{src}/t10k-labels-idx1-ubyte.gz") as f:
    f.read(8); labels = f.read()
def png(w, h, gray):
    raw = b"".join(b"\x00" + gray[y * w:(y + 1) * w] for y in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
for i in range(n):
    d = f"{dst}/class-{labels[i]}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/{i:05d}.png", "wb") as out:
        out.write(png(cols, rows, pixels[i * rows * cols:(i + 1) * rows * cols]))
PY
fi

cat > "$root/run.yaml" <<'YAML'
apiVersion: plateau.dev/v1alpha1
kind: TrainingRun
metadata: {name: bench-imagefolder}
spec:
  model: {architecture: lenet}
  dataset: {format: imagefolder, claimName: data, path: fashion-png, imageSize: 32}
  training: {maxEpochs: 3, batchSize: 128}
  checkpoints: {size: 1Gi}
YAML
# 10,000 RGB 32x32 images are 123 MB as floats; a 256 MiB heap holds at most 64 MB in memory.
PLATEAU_JAVA_OPTS=-Xmx256m ./plateau run "$root/run.yaml" --threads "$threads" \
  --runs-dir "$root" --data-root "$root/data" > "$root/log" 2>&1
python3 - "$root/bench-imagefolder/metrics.jsonl" <<'PY'
import json, sys
for r in map(json.loads, open(sys.argv[1])):
    print(f'epoch {r["epoch"]}: {r["epochSeconds"]:.1f} s, {r["samplesPerSecond"]:.0f} samples/s, '
          f'waiting for data {r["dataWaitSeconds"]:.2f} s = {100 * r["dataWaitSeconds"] / r["epochSeconds"]:.1f}% of the epoch')
PY
