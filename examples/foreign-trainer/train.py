"""A foreign trainer: PyTorch instead of Plateau's DJL trainer, under the same contract.

The operator runs it as `train.py train --config /etc/plateau/config.json` (the image's
ENTRYPOINT plus the Job's arguments) with PLATEAU_* in the environment. It trains an MLP on IDX
data (Fashion-MNIST) from the dataset claim, stops early by the run's rule, keeps the best
weights in <checkpoints>/<run>/best/, reports every epoch through plateau_report and ends with
the contract's exit codes. Kept small: it does not resume (a retried pod starts over) and reads
only format: idx from a claim.
"""

import argparse
import gzip
import json
import math
import os
import signal
import struct
import sys
import time

import plateau_report as plateau


class InvalidInput(Exception):
    """Exit 2: the Job fails at once, the message says what to fix."""


def main(argv):
    parser = argparse.ArgumentParser(prog="train.py")
    parser.add_argument("command", choices=["train"])
    parser.add_argument("--config", required=True)
    args = parser.parse_args(argv)  # a usage error exits 2, as the contract's invalid input
    try:
        config = read_config(args.config)
        return train(config, os.environ)
    except InvalidInput as e:
        print(f"train.py: {e}", file=sys.stderr)
        plateau.write_termination_message("InvalidInput", str(e))
        return plateau.INVALID_INPUT
    except Exception as e:  # anything else: the Job may retry
        print(f"train.py: {e!r}", file=sys.stderr)
        plateau.write_termination_message("TrainerError", repr(e))
        return plateau.FAILED


def read_config(path):
    try:
        with open(path) as f:
            config = json.load(f)
    except (OSError, ValueError) as e:
        raise InvalidInput(f"cannot read the config {path}: {e}") from e
    dataset = config.get("dataset", {})
    if dataset.get("format") != "idx" or not dataset.get("claimName"):
        raise InvalidInput("this example trainer reads only dataset.format: idx from a claim")
    if config.get("model", {}).get("architecture") != "mlp":
        raise InvalidInput("this example trainer builds only model.architecture: mlp")
    return config


def read_idx(folder, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            dims = data[3]
            shape = struct.unpack(">" + "I" * dims, data[4 : 4 + 4 * dims])
            return data[4 + 4 * dims :], shape
    raise InvalidInput(f"{stem}[.gz] not found in {folder}")


def load(folder, prefix, limit, torch):
    images, shape = read_idx(folder, f"{prefix}-images-idx3-ubyte")
    labels, _ = read_idx(folder, f"{prefix}-labels-idx1-ubyte")
    x = torch.frombuffer(bytearray(images), dtype=torch.uint8).reshape(shape[0], -1).float() / 255
    y = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    return (x[:limit], y[:limit]) if limit else (x, y)


class EarlyStopping:
    """The run's rule: improve by more than delta, stop after patience epochs without."""

    def __init__(self, spec):
        self.monitor = spec.get("monitor", "val_loss")
        self.mode = spec.get("mode") or ("max" if self.monitor == "val_accuracy" else "min")
        self.patience = spec.get("patience", 5)
        self.delta = spec.get("delta", 0.0)
        self.min_epochs = spec.get("minEpochs", 0)
        self.best, self.best_epoch, self.since = None, None, 0

    def update(self, epoch, value):
        better = self.best is None or (
            value < self.best - self.delta if self.mode == "min" else value > self.best + self.delta
        )
        if better:
            self.best, self.best_epoch, self.since = value, epoch, 0
        else:
            self.since += 1
        return better

    def stop(self, epoch):
        return self.since >= self.patience and epoch >= self.min_epochs


def train(config, env):
    import torch  # after the config is checked, so that bad input fails fast

    run, run_uid = env["PLATEAU_RUN_NAME"], env.get("PLATEAU_RUN_UID")
    run_dir = os.path.join(env["PLATEAU_CHECKPOINT_ROOT"], run)
    data = os.path.join(env.get("PLATEAU_DATA_ROOT", "/data"), config["dataset"]["path"])
    if config.get("gpus", 0) > 0 and not torch.cuda.is_available():
        raise InvalidInput("the run asks for a GPU but none is visible")
    device = torch.device("cuda" if config.get("gpus", 0) > 0 else "cpu")
    if config.get("cpuThreads"):
        torch.set_num_threads(config["cpuThreads"])
    stopping = {"asked": False}
    signal.signal(signal.SIGTERM, lambda *_: stopping.update(asked=True))

    training, rule = config.get("training", {}), EarlyStopping(config.get("earlyStopping", {}))
    torch.manual_seed(training.get("seed", 42))
    x, y = load(data, "train", config["dataset"].get("maxSamples"), torch)
    split = int(len(x) * (1 - config["dataset"].get("validationSplit", 0.1)))
    order = torch.randperm(len(x))
    train_x, train_y = x[order[:split]].to(device), y[order[:split]].to(device)
    val_x, val_y = x[order[split:]].to(device), y[order[split:]].to(device)

    layers, width = [], x.shape[1]
    for hidden in config["model"].get("hiddenLayers", [256, 128]):
        layers += [torch.nn.Linear(width, hidden), torch.nn.ReLU(),
                   torch.nn.Dropout(config["model"].get("dropout", 0.0))]
        width = hidden
    model = torch.nn.Sequential(*layers, torch.nn.Linear(width, 10)).to(device)
    lr = training.get("learningRate", 0.001)
    optimizer = (torch.optim.SGD(model.parameters(), lr=lr, momentum=training.get("momentum", 0.0))
                 if training.get("optimizer") == "sgd" else torch.optim.Adam(model.parameters(), lr=lr))
    loss_fn, batch = torch.nn.CrossEntropyLoss(), training.get("batchSize", 64)
    max_epochs, reporter, history = training.get("maxEpochs", 50), plateau.Reporter(env), []

    best_checkpoint = {"claimName": config.get("checkpointClaim"), "path": f"{run}/best"}
    operator_enforces = config.get("earlyStopping", {}).get("enforcedBy") == "operator"

    steps = (split + batch - 1) // batch

    def snapshot(epoch, latest, step=0):
        return plateau.progress_snapshot(
            history, runUid=run_uid, epoch=epoch, maxEpochs=max_epochs, monitor=rule.monitor,
            step=step, stepsPerEpoch=steps,
            mode=rule.mode, monitorValue=latest.get(rule.monitor), bestEpoch=rule.best_epoch,
            bestMetric=rule.best, epochsSinceImprovement=rule.since, patience=rule.patience,
            trainLoss=latest.get("train_loss"), valLoss=latest.get("val_loss"),
            valAccuracy=latest.get("val_accuracy"), learningRate=lr,
            epochSeconds=latest.get("seconds"), samplesPerSecond=latest.get("samples_per_second"),
            # Named as soon as there is one: if the operator has to end the run, it is the result's.
            bestCheckpoint=best_checkpoint if rule.best_epoch else None)

    stop_reason, epoch, latest = "MaxEpochsReached", 0, {}
    # Within an epoch a report goes out every few seconds too: the answer is where a stop
    # request arrives, so a long epoch does not delay it (the operator's grace period is 2 min).
    last_report = time.monotonic()
    for epoch in range(1, max_epochs + 1):
        started, total = time.monotonic(), 0.0
        model.train()
        for i in range(0, split, batch):
            optimizer.zero_grad()
            loss = loss_fn(model(train_x[i : i + batch]), train_y[i : i + batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(train_x[i : i + batch])
            if stopping["asked"]:
                print("train.py: SIGTERM, stopping", file=sys.stderr)
                return plateau.INTERRUPTED
            if time.monotonic() - last_report >= plateau.REPORT_EVERY_SECONDS:
                reporter.report(snapshot(epoch - 1, latest, step=i // batch + 1))
                last_report = time.monotonic()
            if reporter.stop_requested():
                break
        if reporter.stop_requested():
            # Pruned by a sweep, or EarlyStopped by early stopping the operator enforces.
            asked = reporter.stop_requested().get("reason")
            stop_reason = asked if asked in ("Pruned", "EarlyStopped") else "Pruned"
            epoch -= 1  # the epoch under way did not finish
            break
        model.eval()
        with torch.no_grad():
            logits = model(val_x)
            latest = {"train_loss": total / split, "val_loss": loss_fn(logits, val_y).item(),
                      "val_accuracy": (logits.argmax(1) == val_y).float().mean().item()}
        seconds = time.monotonic() - started
        latest.update(seconds=seconds, samples_per_second=split / seconds)
        value = latest[rule.monitor]
        if not math.isfinite(value):
            if config.get("earlyStopping", {}).get("stopOnNonFinite", True):
                stop_reason = "NonFiniteMetric"
                break
            rule.since += 1  # counts as no improvement
        elif rule.update(epoch, value):
            save_best(torch, model, run_dir, epoch, value)
        history.append(plateau.epoch_record(
            epoch=epoch, trainLoss=latest["train_loss"], valLoss=latest["val_loss"],
            valAccuracy=latest["val_accuracy"], learningRate=lr, epochSeconds=seconds,
            samplesPerSecond=latest["samples_per_second"], improved=rule.since == 0,
            epochsSinceImprovement=rule.since, time=plateau.now()))
        reporter.report(snapshot(epoch, latest))
        last_report = time.monotonic()
        print(f"epoch {epoch}: {rule.monitor}={value:.4f}, best at epoch {rule.best_epoch}")
        # With earlyStopping.enforcedBy: operator the operator applies the rule to the reports
        # and sends a stop request (EarlyStopped); this trainer then only reports and obeys.
        if rule.stop(epoch) and not operator_enforces:
            stop_reason = "EarlyStopped"
            break

    result = plateau.training_result(
        stopReason=stop_reason, epochs=epoch, monitor=rule.monitor, mode=rule.mode,
        bestEpoch=rule.best_epoch, bestMetric=rule.best,
        bestCheckpoint=best_checkpoint,
        message=f"{stop_reason} after {epoch} epochs; best {rule.monitor} at epoch {rule.best_epoch}"
        + (f" ({reporter.stop_requested().get('message')})"
           if reporter.stop_requested() and stop_reason in ("Pruned", "EarlyStopped") else ""))
    plateau.write_result(run_dir, result)
    reporter.finish(snapshot(epoch, latest), result)
    plateau.write_termination_message(stop_reason, result["message"], result)
    return plateau.NON_FINITE_METRIC if stop_reason == "NonFiniteMetric" else plateau.FINISHED


def save_best(torch, model, run_dir, epoch, value):
    """best/ is replaced whole: written beside it, then renamed over it."""
    best, temporary = os.path.join(run_dir, "best"), os.path.join(run_dir, "best.tmp")
    os.makedirs(temporary, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(temporary, "model.pt"))
    with open(os.path.join(temporary, "metadata.json"), "w") as f:
        json.dump({"epoch": epoch, "metric": value}, f)
    if os.path.exists(best):
        os.rename(best, best + ".old")
    os.rename(temporary, best)
    if os.path.exists(best + ".old"):
        import shutil

        shutil.rmtree(best + ".old")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
