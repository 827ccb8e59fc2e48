"""Tiny grid models for fast tests (one CPU thread: the machine is shared)."""

import pytest
import torch

from solvers.grid.models import GridModel, GridModelConfig

torch.set_num_threads(1)


@pytest.fixture
def tiny():
    def build(arch="trm", **overrides):
        values = dict(arch=arch, hidden_size=32, num_heads=2, num_layers=1, h_cycles=2, l_cycles=2,
                      puzzle_emb_ndim=16)
        values.update(overrides)
        torch.manual_seed(0)
        return GridModel(GridModelConfig(**values), seq_len=16, num_puzzles=5)

    return build


@pytest.fixture
def batch():
    def build(size=4, seed=0):
        generator = torch.Generator().manual_seed(seed)
        inputs = torch.randint(2, 12, (size, 16), generator=generator)
        return {"inputs": inputs, "labels": torch.randint(2, 12, (size, 16), generator=generator),
                "puzzle_ids": torch.randint(0, 5, (size,), generator=generator)}

    return build
