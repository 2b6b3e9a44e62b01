"""Loads a Plateau run's best/model.pt in PyTorch, prepares the test images as
best/preprocessing.json says, and prints the test accuracy next to the one Plateau reported.

    python3 examples/torchscript/load_best.py RUN_DIR FASHION_MNIST_DIR
"""
import gzip
import json
import struct
import sys

import numpy as np
import torch


def read_idx(path):
    with gzip.open(path, "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic == 0x803:
            rows, cols = struct.unpack(">II", f.read(8))
            return np.frombuffer(f.read(), dtype=np.uint8).reshape(count, 1, rows, cols)
        return np.frombuffer(f.read(), dtype=np.uint8)


def main(run_dir, data):
    model = torch.jit.load(f"{run_dir}/best/model.pt").eval()
    prep = json.load(open(f"{run_dir}/best/preprocessing.json"))
    x = torch.from_numpy(read_idx(f"{data}/t10k-images-idx3-ubyte.gz").astype(np.float32))
    x = x * prep["pixelScale"]  # the 8-bit pixels scaled as Plateau scaled them
    y = torch.from_numpy(read_idx(f"{data}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    with torch.no_grad():
        predicted = torch.cat([model(x[i:i + 500]).argmax(1) for i in range(0, len(x), 500)])
    accuracy = (predicted == y).double().mean().item()
    reported = json.load(open(f"{run_dir}/result.json"))["testAccuracy"]
    print(json.dumps({"pytorchTestAccuracy": accuracy, "plateauTestAccuracy": reported,
                      "differencePoints": round(100 * (accuracy - reported), 4),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
