"""Writes the TorchScript fixtures of the trainer's tests (trainer/src/test/resources/torchscript).

    python3 trainer/src/test/torchscript/make_fixtures.py trainer/src/test/resources/torchscript

Any torch from 2.4 to 2.7 (DJL 0.36 runs libtorch 2.7.1); the committed files were made with
Debian trixie's python3-torch 2.6 (bench/trainer/reference-env.sh builds that environment).
CI does not need Python: the files are committed.
"""
import sys

import torch
import torch.nn as nn


class SmallCnn(nn.Module):
    """1x28x28 images to 10 classes, with BatchNorm and Dropout (their training mode matters)."""

    def __init__(self, channels: int = 1, classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.AdaptiveAvgPool2d(4))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.25), nn.Linear(16 * 16, classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))

    @torch.jit.export
    def batches_tracked(self) -> int:
        """BatchNorm's count of training batches: a test reads it to see the training mode."""
        return int(self.features[1].num_batches_tracked)


class Tabular(nn.Module):
    """Feature vectors (N, 4) to 3 classes: for CSV data."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class MlpBatchNorm1d(nn.Module):
    """1x28x28 images through BatchNorm1d: fails in training on a batch of one sample."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, 16), nn.BatchNorm1d(16), nn.ReLU(),
                                 nn.Linear(16, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def main(out):
    torch.manual_seed(0)
    # Saved in eval mode on purpose: the trainer must switch it to training mode itself.
    torch.jit.script(SmallCnn().eval()).save(f"{out}/small_cnn.pt")
    torch.jit.trace(Tabular(), torch.zeros(2, 4)).save(f"{out}/tabular.pt")
    torch.jit.script(SmallCnn(classes=5)).save(f"{out}/small_cnn_5_classes.pt")
    torch.jit.script(SmallCnn().double()).save(f"{out}/small_cnn_float64.pt")
    torch.jit.script(MlpBatchNorm1d()).save(f"{out}/mlp_batchnorm1d.pt")
    with open(f"{out}/not_torchscript.pt", "wb") as f:
        f.write(b"this is not a TorchScript archive\n")


if __name__ == "__main__":
    main(sys.argv[1])
