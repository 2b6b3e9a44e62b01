"""Plateau's models in eager PyTorch, for the speed and accuracy reference (bench/trainer/run.sh).

Same architecture, initialisation scheme aside; same train/validation split (Plateau's
split.json), optimizer (Adam, lr 0.001, PyTorch's betas and eps), batch size, epoch count and
cross-entropy loss. Run it inside the reference environment (bench/trainer/in-reference-env.sh).

  reference.py sweep ARCH --data DIR --split FILE --steps N
      times N training steps after a warm-up with each Adam implementation (for-loop, foreach,
      fused) in this process's thread settings (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS,
      OMP_WAIT_POLICY are read at start, so run.sh starts one process per setting); prints one
      JSON line per implementation.
  reference.py train ARCH --data DIR --split FILE --epochs E --adam IMPL [--seed S] [--test]
      trains E epochs; prints one JSON line per epoch (training seconds, samples/s, validation
      seconds and loss, milliseconds per step by phase) and, with --test, the test accuracy.
"""
import argparse
import copy
import gzip
import json
import os
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
    """The layers of Plateau's ModelFactory for 28x28 Fashion-MNIST, initialised as DJL
    initialises them: weights from N(0, 2 / fan_in) (DJL's Parameter.Type.WEIGHT default,
    XavierInitializer GAUSSIAN/IN/2, which is He's initialisation), biases zero. fashion-cnn is
    the TorchScript example's network (examples/torchscript/make_model.py), built eagerly with
    PyTorch's own initialisation, as the exported file has it."""
    if arch == "fashion-cnn":
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../examples/torchscript"))
        from make_model import FashionCnn
        return FashionCnn()
    net = layers(arch)
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return net


def layers(arch):
    if arch == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2),
                             nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
    if arch == "lenet":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                             nn.Linear(84, 10))
    if arch == "cnn":
        return nn.Sequential(nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(3136, 1024), nn.ReLU(), nn.Dropout(0.4),
                             nn.Linear(1024, 10))
    raise SystemExit(f"unknown architecture {arch}")


def adam(params, impl):
    options = {"loop": {"foreach": False}, "foreach": {"foreach": True}, "fused": {"fused": True}}
    return torch.optim.Adam(params, lr=0.001, **options[impl])


def load(data, split_file, device="cpu"):
    x = read_idx(f"{data}/train-images-idx3-ubyte.gz")
    y = read_idx(f"{data}/train-labels-idx1-ubyte.gz")
    with open(split_file) as f:
        split = json.load(f)
    train, val = torch.tensor(split["train"]), torch.tensor(split["validation"])
    return tuple(t.contiguous().to(device)
                 for t in (x[train], y[train], x[val], y[val]))


def sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def evaluate(net, x, y, batch=256):
    """Mean loss and accuracy in inference mode, batches of max(batch size, 256) as Plateau."""
    net.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = net(x[i:i + batch])
            loss += F.cross_entropy(logits, y[i:i + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
    net.train()
    return loss / len(x), correct / len(x)


def settings():
    return {k: os.environ.get(k, "unset")
            for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY")}


def epoch(net, opt, x, y, generator, batch, profile, device="cpu"):
    """One pass in a shuffled order; returns (seconds, mean loss, ms/step by phase). On a GPU
    the phases are timed after a synchronisation (only with profile)."""
    phases = dict.fromkeys(("batch", "forward", "backward", "optimizer", "bookkeeping"), 0.0)
    start = time.perf_counter()
    order = torch.randperm(len(x), generator=generator).to(device)
    loss_sum = torch.zeros((), dtype=torch.float64, device=device)
    wait = (lambda: sync(device)) if profile else (lambda: None)
    steps = 0
    for i in range(0, len(order), batch):
        t0 = time.perf_counter()
        idx = order[i:i + batch]
        xb, yb = x[idx], y[idx]
        wait()
        t1 = time.perf_counter()
        loss = F.cross_entropy(net(xb), yb)
        wait()
        t2 = time.perf_counter()
        loss.backward()
        wait()
        t3 = time.perf_counter()
        opt.step()
        opt.zero_grad()
        wait()
        t4 = time.perf_counter()
        loss_sum += loss.detach() * len(idx)
        wait()
        t5 = time.perf_counter()
        if profile:
            phases["batch"] += t1 - t0
            phases["forward"] += t2 - t1
            phases["backward"] += t3 - t2
            phases["optimizer"] += t4 - t3
            phases["bookkeeping"] += t5 - t4
        steps += 1
    sync(device)
    seconds = time.perf_counter() - start
    return seconds, loss_sum.item() / len(x), {k: 1000 * v / steps for k, v in phases.items()}


def sweep(args):
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count())))
    x, y, _, _ = load(args.data, args.split)
    for impl in ("loop", "foreach", "fused"):
        torch.manual_seed(args.seed)
        net = model(args.arch)
        opt = adam(net.parameters(), impl)
        n = args.steps + args.warmup
        xs, ys = x[:n * 128], y[:n * 128]
        timings = []
        for i in range(n):
            t0 = time.perf_counter()
            F.cross_entropy(net(xs[i * 128:(i + 1) * 128]), ys[i * 128:(i + 1) * 128]).backward()
            opt.step()
            opt.zero_grad()
            if i >= args.warmup:
                timings.append(time.perf_counter() - t0)
        ms = 1000 * sorted(timings)[len(timings) // 2]
        print(json.dumps({"arch": args.arch, **settings(), "adam": impl,
                          "threads": torch.get_num_threads(), "msPerStep": round(ms, 3)}),
              flush=True)


def train(args):
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count())))
    torch.manual_seed(args.seed)
    x, y, xv, yv = load(args.data, args.split, args.device)
    net = model(args.arch).to(args.device)
    opt = adam(net.parameters(), args.adam)
    generator = torch.Generator().manual_seed(args.seed)  # permutations on the CPU
    best, best_state = float("inf"), None
    for e in range(1, args.epochs + 1):
        seconds, train_loss, phases = epoch(net, opt, x, y, generator, 128, args.profile,
                                            args.device)
        v0 = time.perf_counter()
        val_loss, val_acc = evaluate(net, xv, yv)
        val_seconds = time.perf_counter() - v0
        if val_loss < best - 0.001:  # Plateau's early stopping: monitor val_loss, delta 0.001
            best, best_state = val_loss, copy.deepcopy(net.state_dict())
        print(json.dumps({"epoch": e, "trainingSeconds": round(seconds, 4),
                          "samplesPerSecond": round(len(x) / seconds, 1),
                          "validationSeconds": round(val_seconds, 4),
                          "trainLoss": train_loss, "valLoss": val_loss, "valAccuracy": val_acc,
                          "msPerStep": {k: round(v, 4) for k, v in phases.items()},
                          "torch": torch.__version__, "adam": args.adam, **settings()}),
              flush=True)
    if args.test:
        net.load_state_dict(best_state)  # the best checkpoint, as Plateau scores
        xt = read_idx(f"{args.data}/t10k-images-idx3-ubyte.gz")
        yt = read_idx(f"{args.data}/t10k-labels-idx1-ubyte.gz")
        test_loss, test_acc = evaluate(net, xt.to(args.device), yt.to(args.device))
        print(json.dumps({"testAccuracy": test_acc, "testLoss": test_loss, "seed": args.seed}),
              flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["sweep", "train"])
    parser.add_argument("arch", choices=["mlp", "lenet", "cnn", "fashion-cnn"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--split", required=True)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--adam", choices=["loop", "foreach", "fused"], default="fused")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--test", action="store_true")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = parser.parse_args()
    sweep(args) if args.mode == "sweep" else train(args)


if __name__ == "__main__":
    main()
