"""Optimizers of the grid models' puzzle embeddings, which have sparse gradients (only the puzzles of the
batch get one).

`SparseSignSGD` is the reference HRM/TRM rule: the gradients of a row are summed over the batch, and
the row moves by −lr·sign(gradient) after a decoupled weight decay of lr·weight_decay — rows not in
the batch are untouched (no decay either). `torch.optim.SparseAdam` is the alternative
(`puzzle_optimizer: sparse_adam`; it has no weight decay).
"""

from __future__ import annotations

import torch
from torch.optim import Optimizer


class SparseSignSGD(Optimizer):
    """SignSGD with decoupled weight decay, for parameters with sparse (or dense) gradients."""

    def __init__(self, params, lr: float = 1e-2, weight_decay: float = 0.1):
        if lr < 0 or weight_decay < 0:
            raise ValueError("lr and weight_decay must be >= 0")
        super().__init__(params, {"lr": lr, "weight_decay": weight_decay})

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, decay = group["lr"], group["weight_decay"]
            for param in group["params"]:
                grad = param.grad
                if grad is None:
                    continue
                if grad.is_sparse:
                    grad = grad.coalesce()  # sums the gradients of a row seen several times
                    rows, values = grad.indices()[0], grad.values()
                else:
                    rows = (grad != 0).flatten(1).any(1).nonzero().squeeze(1)
                    values = grad[rows]
                updated = param[rows] * (1 - lr * decay) - lr * values.sign()
                param.index_copy_(0, rows, updated.to(param.dtype))
        return loss
