"""Runs bench/sweep/fashion-mnist-sweep.yaml with pruning none, median and asha (bench/sweep/run.sh).

Each variant is one `plateau sweep` in its own process, on the same seeds; the epochs and the
best trial do not depend on timing (trials take turns epoch by epoch), the wall time does.
"""

import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "bench/sweep/fashion-mnist-sweep.yaml"
VARIANTS = ["none", "median", "asha"]


def run(variant, work, extra):
    text = MANIFEST.read_text()
    text = re.sub(r"(?m)^  pruning:\n    algorithm: asha$", f"  pruning:\n    algorithm: {variant}", text)
    text = text.replace("name: fmnist-bench", f"name: fmnist-bench-{variant}")
    manifest = work / f"{variant}.yaml"
    manifest.write_text(text)
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / "plateau"), "sweep", str(manifest), "--runs-dir", str(work / "runs"), "--quiet"]
        + extra,
        check=True,
    )
    seconds = time.monotonic() - started
    status = json.loads((work / "runs" / f"fmnist-bench-{variant}" / "sweep.json").read_text())
    epochs = sum(len(t.get("values", [])) for t in status["trials"])
    best = status["bestTrial"]
    return {
        "variant": variant,
        "epochs": epochs,
        "seconds": seconds,
        "best": best["name"],
        "best_value": best["bestValue"],
        "test_accuracy": best.get("testAccuracy"),
        "pruned": status.get("pruned", 0),
    }


def main():
    extra = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="plateau-sweep-bench-") as tmp:
        work = pathlib.Path(tmp)
        rows = [run(v, work, extra) for v in VARIANTS]
    base = rows[0]
    print()
    print("| pruning | epochs trained | share of unpruned | wall time | pruned trials | best trial"
          " | its best val_loss | its test accuracy | vs unpruned best |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['variant']} | {r['epochs']} | {100 * r['epochs'] / base['epochs']:.0f}%"
            f" | {r['seconds']:.0f} s | {r['pruned']} | {r['best']} | {r['best_value']:.4f}"
            f" | {100 * r['test_accuracy']:.2f}%"
            f" | {100 * (r['test_accuracy'] - base['test_accuracy']):+.2f} points |"
        )


if __name__ == "__main__":
    main()
