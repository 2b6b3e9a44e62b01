"""Writes the TorchScript module behind Plateau's optimizers: PyTorch's own fused Adam and SGD
kernels (the ones `torch.optim.Adam(fused=True)` and `torch.optim.SGD(fused=True)` run), callable
from DJL in one native call per training step instead of several small operations per parameter.

Regenerate (any torch 2.4 or newer; the file loads into DJL's libtorch 2.7.1) and check parity:

    python3 trainer/src/main/torchscript/fused_optimizers.py \
        trainer/src/main/resources/dev/plateau/trainer/optimizer/fused_optimizers.pt

The check at the end compares each kernel with torch.optim over a few steps and prints the largest
difference (0 on the machines this was made on).
"""
import sys
from typing import List

import torch


class FusedOptimizers(torch.nn.Module):
    @torch.jit.export
    def adam(self, params: List[torch.Tensor], grads: List[torch.Tensor],
             exp_avgs: List[torch.Tensor], exp_avg_sqs: List[torch.Tensor],
             steps: List[torch.Tensor], lr: float, beta1: float, beta2: float,
             weight_decay: float, eps: float) -> None:
        """One Adam step (L2 weight decay added to the gradient, as torch.optim.Adam), then the
        gradients zeroed in place for the next backward pass."""
        torch._foreach_add_(steps, 1.0)
        torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, [], steps, lr=lr,
                           beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps,
                           amsgrad=False, maximize=False)
        torch._foreach_zero_(grads)

    @torch.jit.export
    def sgd(self, params: List[torch.Tensor], grads: List[torch.Tensor],
            momentum_buffers: List[torch.Tensor], lr: float, momentum: float,
            weight_decay: float) -> None:
        """One SGD step with momentum (b = mu b + g; w -= lr b, as torch.optim.SGD; the buffers
        start at zero, which gives torch's first step b = g), then the gradients zeroed."""
        torch._fused_sgd_(params, grads, momentum_buffers, weight_decay=weight_decay,
                          momentum=momentum, lr=lr, dampening=0.0, nesterov=False,
                          maximize=False, is_first_step=False)
        torch._foreach_zero_(grads)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def parity() -> None:
    module = torch.jit.script(FusedOptimizers())
    torch.manual_seed(0)
    shapes = [(5, 3), (3,)]
    for kind in ("adam", "sgd"):
        ours = [torch.randn(s) for s in shapes]
        theirs = [w.clone().requires_grad_() for w in ours]
        if kind == "adam":
            opt = torch.optim.Adam(theirs, lr=0.01, weight_decay=0.1)
            m = [torch.zeros_like(w) for w in ours]
            v = [torch.zeros_like(w) for w in ours]
            st = [torch.zeros(()) for _ in ours]
        else:
            opt = torch.optim.SGD(theirs, lr=0.05, momentum=0.9, weight_decay=0.1)
            b = [torch.zeros_like(w) for w in ours]
        for _ in range(5):
            g = [torch.randn(s) for s in shapes]
            for w, gg in zip(theirs, g):
                w.grad = gg.clone()
            opt.step()
            if kind == "adam":
                module.adam(ours, g, m, v, st, 0.01, 0.9, 0.999, 0.1, 1e-8)
            else:
                module.sgd(ours, g, b, 0.05, 0.9, 0.1)
        diff = max((a - t.detach()).abs().max().item() for a, t in zip(ours, theirs))
        print(f"{kind}: largest difference to torch.optim after 5 steps: {diff}")


if __name__ == "__main__":
    torch.jit.script(FusedOptimizers()).save(sys.argv[1])
    parity()
