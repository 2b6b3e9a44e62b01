"""The same models, data split, optimizer and batch size in PyTorch (Debian's python3-torch),
for a side-by-side reference: epoch times, throughput and test accuracy after the same number
of epochs Plateau ran. Usage: reference.py ARCH EPOCHS THREADS DATA_DIR"""
import gzip
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic == 0x803:
            rows, cols = struct.unpack(">II", f.read(8))
            data = np.frombuffer(f.read(), dtype=np.uint8).reshape(count, 1, rows, cols)
            return torch.from_numpy(data.astype(np.float32) / 255.0)
        return torch.from_numpy(np.frombuffer(f.read(), dtype=np.uint8).astype(np.int64))


def model(arch):
    if arch == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
                             nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
    if arch == "lenet":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                             nn.Linear(84, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(3136, 1024), nn.ReLU(), nn.Dropout(0.4), nn.Linear(1024, 10))


def evaluate(net, x, y):
    net.eval()
    with torch.no_grad():
        logits = torch.cat([net(x[i:i + 1000]) for i in range(0, len(x), 1000)])
    net.train()
    return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()


def main():
    arch, epochs, threads, data = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x = read_idx(f"{data}/train-images-idx3-ubyte.gz")
    y = read_idx(f"{data}/train-labels-idx1-ubyte.gz")
    xt = read_idx(f"{data}/t10k-images-idx3-ubyte.gz")
    yt = read_idx(f"{data}/t10k-labels-idx1-ubyte.gz")
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(42))
    val, train = order[:6000], order[6000:]
    net = model(arch)
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    seconds = []
    for epoch in range(epochs):
        start = time.perf_counter()
        perm = train[torch.randperm(len(train))]
        for i in range(0, len(perm), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            F.cross_entropy(net(x[idx]), y[idx]).backward()
            opt.step()
        evaluate(net, x[val], y[val])
        seconds.append(time.perf_counter() - start)
    test_loss, test_acc = evaluate(net, xt, yt)
    median = statistics.median(seconds)
    print(f"{median:.2f} s/epoch, {len(train) / median:.0f} samples/s, "
          f"test acc {100 * test_acc:.2f}% after {epochs} epochs (torch {torch.__version__})")


if __name__ == "__main__":
    main()
