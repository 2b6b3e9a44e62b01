#!/usr/bin/env python3
"""Plateau next to PyTorch 2.x at its best on the same machine (bench/trainer/run.sh runs this).

1. Sweep: PyTorch's stock settings (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, OMP_WAIT_POLICY and
   torch.optim.Adam for-loop/foreach/fused), timed on a fixed number of training steps per model;
   the fastest configuration is the reference.
2. Rounds: Plateau (bench/trainer/speed/*.yaml, --profile --export-split) and the reference
   (same split, model, optimizer, batch size and epochs) alternate; training throughput is
   training samples per second of the training pass (validation excluded), median of the epochs
   of a round, then median of the rounds. Both sides print milliseconds per step by phase.
3. The MLP's matmul bound through DJL (bench/trainer/MatmulBound.java).
4. Accuracy: test accuracy of the best checkpoint after 5 epochs, seeds 1-3 on each side.

Prints Markdown tables; the raw figures go to bench/trainer/runs/compare.json.
"""
import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = ROOT / "bench/trainer/runs"
SWEEP_STEPS = {"mlp": (200, 20), "lenet": (100, 20), "cnn": (10, 3)}
PROFILE = re.compile(
    r"profile epoch (\d+): (\d+) steps, ms/step batch ([\d.]+) forward ([\d.]+) backward ([\d.]+)"
    r" optimizer ([\d.]+) bookkeeping ([\d.]+); training ([\d.]+) s, validation ([\d.]+) s")
PHASES = ("batch", "forward", "backward", "optimizer", "bookkeeping")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def reference(args, env, *argv):
    """Runs reference.py in the reference environment; returns its JSON lines."""
    cmd = [str(ROOT / "bench/trainer/in-reference-env.sh"), "env", "-u", "OMP_WAIT_POLICY",
           *[f"{k}={v}" for k, v in env.items() if v != "unset"],
           "python3", "bench/trainer/reference.py", *argv, "--data", "/data/fashion-mnist"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PLATEAU_DATA_ROOT": args.data_root})
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def plateau(args, manifest, extra=()):
    """Runs ./plateau run; returns (profile records, first-batch seconds, result, run dir)."""
    text = Path(manifest).read_text()
    name = re.search(r"^  name: (\S+)", text, re.M).group(1)
    cmd = [str(ROOT / "plateau"), "run", str(manifest), "--threads", str(args.threads),
           "--runs-dir", str(RUNS), "--data-root", args.data_root, "--profile", "--export-split",
           *extra]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    profile = [{"epoch": int(m[0]), "steps": int(m[1]),
                "msPerStep": dict(zip(PHASES, map(float, m[2:7]))),
                "trainingSeconds": float(m[7]), "validationSeconds": float(m[8])}
               for m in PROFILE.findall(out)]
    first = float(re.search(r"first batch ([\d.]+) s", out).group(1))
    result = json.loads((RUNS / name / "result.json").read_text())
    return profile, first, result, RUNS / name


def sweep(args, model, split):
    steps, warmup = SWEEP_STEPS[model]
    rows = []
    t = str(args.threads)
    for omp, blas, policy in itertools.product(
            sorted({"1", t}), sorted({"1", t}), ("PASSIVE", "ACTIVE", "unset")):
        env = {"OMP_NUM_THREADS": omp, "OPENBLAS_NUM_THREADS": blas, "OMP_WAIT_POLICY": policy}
        rows += reference(args, env, "sweep", model, "--split", split,
                          "--steps", str(steps), "--warmup", str(warmup))
        log(f"sweep {model}: {rows[-3:]}")
    return rows


def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="*", default=["mlp", "lenet", "cnn"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--accuracy", nargs="*", default=["mlp", "lenet"],
                        help="models whose 5-epoch test accuracy is compared (cnn: ~15 min)")
    parser.add_argument("--data-root", default=os.environ.get("PLATEAU_DATA_ROOT",
                                                              "/usr/share/datasets"))
    args = parser.parse_args()
    RUNS.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(ROOT / "plateau"), "--version"], cwd=ROOT, check=True,
                   capture_output=True)
    report = {"date": time.strftime("%Y-%m-%d"), "threads": args.threads, "models": {}}

    for model in args.models:
        manifest = ROOT / f"bench/trainer/speed/{model}.yaml"
        # The first Plateau run writes the split the reference then reads.
        log(f"{model}: Plateau, round 0 (writes split.json)")
        profile, first, result, run_dir = plateau(args, manifest)
        split = str((run_dir / "split.json").relative_to(ROOT))
        kept = RUNS / f"split-{model}.json"
        kept.write_text((run_dir / "split.json").read_text())
        split = str(kept.relative_to(ROOT))
        rows = sweep(args, model, split)
        best = min(rows, key=lambda r: r["msPerStep"])
        env = {k: best[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY")}
        epochs = str(len(profile))
        rounds = []
        for r in range(1, args.rounds + 1):
            log(f"{model}: round {r}")
            p_profile, p_first, _, _ = plateau(args, manifest)
            ref = reference(args, env, "train", model, "--split", split, "--epochs", epochs,
                            "--adam", best["adam"], "--profile")
            rounds.append({"plateau": p_profile, "firstBatchSeconds": p_first, "reference": ref})
        train_samples = len(json.loads(kept.read_text())["train"])
        p_rate = median([median([train_samples / e["trainingSeconds"] for e in r["plateau"]])
                         for r in rounds])
        r_rate = median([median([e["samplesPerSecond"] for e in r["reference"]])
                         for r in rounds])
        p_phases = {k: median([e["msPerStep"][k] for r in rounds for e in r["plateau"]])
                    for k in PHASES}
        r_phases = {k: median([e["msPerStep"][k] for r in rounds for e in r["reference"]])
                    for k in PHASES}
        p_val = median([e["validationSeconds"] for r in rounds for e in r["plateau"]])
        r_val = median([e["validationSeconds"] for r in rounds for e in r["reference"]])
        report["models"][model] = {
            "sweep": rows, "best": best, "rounds": rounds,
            "plateauSamplesPerSecond": p_rate, "referenceSamplesPerSecond": r_rate,
            "ratio": p_rate / r_rate, "plateauMsPerStep": p_phases,
            "referenceMsPerStep": r_phases, "plateauValidationSeconds": p_val,
            "referenceValidationSeconds": r_val,
            "firstBatchSeconds": median([r["firstBatchSeconds"] for r in rounds])}

    if "mlp" in args.models:
        out = subprocess.run(
            ["java", "-cp", "trainer/target/plateau-trainer.jar:trainer/target/lib/*",
             "bench/trainer/MatmulBound.java", "128", str(args.threads)],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout
        bound = json.loads(out.strip().splitlines()[-1])
        mlp = report["models"]["mlp"]
        steps = median([e["steps"] for r in mlp["rounds"] for e in r["plateau"]])
        ms = median([e["trainingSeconds"] * 1000 / e["steps"]
                     for r in mlp["rounds"] for e in r["plateau"]])
        report["matmulBound"] = {**bound, "plateauMsPerStep": ms,
                                 "share": bound["boundMsPerStep"] / ms, "steps": steps}

    accuracy = {}
    for model in args.accuracy:
        base = (ROOT / f"bench/trainer/speed/{model}.yaml").read_text()
        split = str((RUNS / f"split-{model}.json").relative_to(ROOT))
        p_acc, r_acc = [], []
        for seed in (1, 2, 3):
            text = re.sub(r"maxEpochs: \d+", "maxEpochs: 5", base)
            text = re.sub(r"seed: \d+", f"seed: {seed}", text)
            text = re.sub(r"^  name: (\S+)", rf"  name: \1-seed{seed}", text, flags=re.M)
            manifest = RUNS / f"{model}-seed{seed}.yaml"
            manifest.write_text(text)
            log(f"accuracy {model} seed {seed}")
            _, _, result, run_dir = plateau(args, manifest)
            p_acc.append(result["testAccuracy"])
            seed_split = RUNS / f"split-{model}-seed{seed}.json"
            seed_split.write_text((run_dir / "split.json").read_text())
            best = report["models"].get(model, {}).get("best", {"adam": "fused"})
            env = {k: best.get(k, "unset")
                   for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY")}
            ref = reference(args, env, "train", model, "--split",
                            str(seed_split.relative_to(ROOT)), "--epochs", "5",
                            "--adam", best["adam"], "--seed", str(seed), "--test")
            r_acc.append(ref[-1]["testAccuracy"])
        accuracy[model] = {"plateau": p_acc, "reference": r_acc,
                           "plateauMedian": median(p_acc), "referenceMedian": median(r_acc)}
    report["accuracy"] = accuracy
    (RUNS / "compare.json").write_text(json.dumps(report, indent=1))
    print_report(report)


def print_report(report):
    torch = "PyTorch"
    for model, m in report["models"].items():
        torch = f"PyTorch {m['rounds'][0]['reference'][0]['torch']}"
    print(f"\n### Training throughput, batch 128, {report['threads']} threads ({report['date']})\n")
    print(f"| model | Plateau samples/s | {torch} best samples/s | Plateau / PyTorch |"
          " reference configuration | Plateau first batch |")
    print("| --- | --- | --- | --- | --- | --- |")
    for model, m in report["models"].items():
        b = m["best"]
        config = (f"OMP_NUM_THREADS={b['OMP_NUM_THREADS']} OPENBLAS_NUM_THREADS="
                  f"{b['OPENBLAS_NUM_THREADS']} OMP_WAIT_POLICY={b['OMP_WAIT_POLICY']},"
                  f" Adam {b['adam']}")
        print(f"| {model} | {m['plateauSamplesPerSecond']:,.0f} |"
              f" {m['referenceSamplesPerSecond']:,.0f} | **{m['ratio']:.2f}x** | {config} |"
              f" {m['firstBatchSeconds']:.1f} s |")
    print("\n### Milliseconds per training step (median), and the validation pass\n")
    print("| model | side | batch | forward | backward | optimizer | bookkeeping | validation s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for model, m in report["models"].items():
        for side, key, val in (("Plateau", "plateauMsPerStep", "plateauValidationSeconds"),
                               ("PyTorch", "referenceMsPerStep", "referenceValidationSeconds")):
            p = m[key]
            print(f"| {model} | {side} | " + " | ".join(f"{p[k]:.3f}" for k in PHASES)
                  + f" | {m[val]:.3f} |")
    print("\n### Sweep of the reference's stock settings (median ms per step)\n")
    print("| model | OMP_NUM_THREADS | OPENBLAS_NUM_THREADS | OMP_WAIT_POLICY | Adam loop |"
          " foreach | fused |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for model, m in report["models"].items():
        groups = {}
        for r in m["sweep"]:
            key = (r["OMP_NUM_THREADS"], r["OPENBLAS_NUM_THREADS"], r["OMP_WAIT_POLICY"])
            groups.setdefault(key, {})[r["adam"]] = r["msPerStep"]
        for key, g in groups.items():
            print(f"| {model} | {' | '.join(key)} | {g['loop']:.3f} | {g['foreach']:.3f} |"
                  f" {g['fused']:.3f} |")
    if "matmulBound" in report:
        b = report["matmulBound"]
        print(f"\nMLP matmul bound: {b['mflopPerStep']:.1f} MFLOP per step at {b['gflops']:.0f}"
              f" GFLOP/s (DJL matMul on the MLP's shapes) = {b['boundMsPerStep']:.3f} ms per"
              f" step; Plateau takes {b['plateauMsPerStep']:.3f} ms per step:"
              f" **{100 * b['share']:.0f}%** of the bound.")
    if report["accuracy"]:
        print("\n### Test accuracy of the best checkpoint after 5 epochs, seeds 1-3\n")
        print("| model | Plateau | Plateau median | PyTorch | PyTorch median |")
        print("| --- | --- | --- | --- | --- |")
        for model, a in report["accuracy"].items():
            print(f"| {model} | {', '.join(f'{100 * v:.2f}%' for v in a['plateau'])} |"
                  f" {100 * a['plateauMedian']:.2f}% |"
                  f" {', '.join(f'{100 * v:.2f}%' for v in a['reference'])} |"
                  f" {100 * a['referenceMedian']:.2f}% |")


if __name__ == "__main__":
    main()
