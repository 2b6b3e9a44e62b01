"""Your model, defined in PyTorch and exported for Plateau: a small CNN with BatchNorm and Dropout
for 28x28 grey images (Fashion-MNIST), 10 classes.

    python3 examples/torchscript/make_model.py MODELS/torchscript/fashion-cnn.pt

torch.jit.script keeps the module's Python control flow; torch.jit.trace(model, example_input)
works too for straight-line models. Plateau trains the module's parameters with its own loop
(cross-entropy on the logits the module returns, Adam, early stopping, checkpoints) and hands
back best/model.pt, which load_best.py loads again. Any torch from 2.4 on writes a file that
Plateau's libtorch (2.7.1) reads.
"""
import sys

import torch
import torch.nn as nn


class FashionCnn(nn.Module):
    """(N, 1, 28, 28) pixels in [0, 1] to (N, 10) logits."""

    def __init__(self, classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Dropout(0.25), nn.Linear(32 * 7 * 7, 128), nn.ReLU(),
            nn.Dropout(0.25), nn.Linear(128, classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


if __name__ == "__main__":
    torch.manual_seed(0)
    torch.jit.script(FashionCnn()).save(sys.argv[1] if len(sys.argv) > 1 else "fashion-cnn.pt")
