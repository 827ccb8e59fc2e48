"""Hybrid text + grid model: a (tiny, locally built) causal LM's states condition the TRM decoder."""

import json

import pytest
import torch

from data.loaders import find_task
from solvers.grid.cli import parse_configs
from solvers.grid.halting import HaltingConfig, act_step, deep_supervision_loss, initial_carry
from solvers.grid.models import GridModel, GridModelConfig
from solvers.grid.train import train


def hybrid(text_model, pooling="cross", frozen=True):
    torch.manual_seed(0)
    config = GridModelConfig(arch="trm", conditioning="text", text_model=text_model, text_pooling=pooling,
                             freeze_text=frozen, text_max_tokens=64, hidden_size=32, num_heads=2, num_layers=1,
                             h_cycles=1, l_cycles=1, puzzle_emb_ndim=32, puzzle_emb_len=2)
    return GridModel(config, seq_len=36, num_puzzles=1)


def text_batch(model, size=2):
    task = find_task("3c9b0459", "arc-agi-1")
    fields = model.conditioning.task_fields(task, side=6)
    return {"inputs": torch.randint(2, 12, (size, 36)), "labels": torch.randint(2, 12, (size, 36)),
            "puzzle_ids": torch.zeros(size, dtype=torch.long),
            **{k: torch.as_tensor(v).expand(size, -1).clone() for k, v in fields.items()}}


@pytest.mark.parametrize(("pooling", "frozen"), [("last", True), ("cross", True), ("cross", False)])
def test_training_step_reaches_the_trainable_parts(text_model, pooling, frozen):
    model = hybrid(text_model, pooling, frozen)
    batch = text_batch(model)
    carry = initial_carry(model, batch)
    carry, outputs = act_step(model, HaltingConfig(halt_max_steps=2), carry, batch, training=True)
    loss, _ = deep_supervision_loss(carry, outputs)
    loss.backward()
    lm_grads = [p.grad for p in model.conditioning.text_model.parameters() if p.grad is not None]
    head = model.conditioning.project if pooling == "last" else model.conditioning.key_value
    assert head.weight.grad is not None and float(head.weight.grad.abs().sum()) > 0
    assert bool(lm_grads) == (not frozen)


def test_task_text_holds_the_demonstrations_but_not_the_left_out_pair():
    from solvers.grid.demos import grid_text, task_text

    task = find_task("3c9b0459", "arc-agi-1")
    assert task_text(task).count("input") == len(task.train)
    left_out = task_text(task, exclude=0)
    assert left_out.count("input") == len(task.train) - 1 and grid_text(task.train[0].input) not in left_out


def test_hybrid_trains_and_predicts_through_the_harness_solver(text_model, tmp_path):
    from solvers.registry import make_solver

    args = ["--arch", "trm", "--conditioning", "text", "--text_model", text_model, "--text_max_tokens", "64",
            "--hidden_size", "32", "--num_heads", "2", "--num_layers", "1", "--h_cycles", "1", "--l_cycles", "1",
            "--puzzle_emb_ndim", "32", "--halt_max_steps", "2", "--tasks", "74dd1130", "--eval_tasks", "6ea4a07e",
            "--split_strategy", "clean", "--canvas_side", "6", "--num_augmentations", "1", "--batch_size", "4",
            "--max_steps", "2", "--log_every", "2", "--save_every", "0", "--eval_max_examples", "8",
            "--output_dir", str(tmp_path / "run"), "--cache_dir", str(tmp_path / "cache"), "--num_threads", "1"]
    summary = train(*parse_configs(args), progress=False)
    record = json.loads((tmp_path / "run" / "metrics.jsonl").read_text().splitlines()[0])
    assert "grad/text_norm" in record and summary["holdout/examples"] > 0
    solver = make_solver("hybrid", checkpoint=str(tmp_path / "run"), views=1)
    task = find_task("6ea4a07e", "arc-agi-1").without_test_outputs()
    attempts = solver.predict(task)
    assert len(attempts) == len(task.test) and all(len(a) <= 2 for a in attempts)
