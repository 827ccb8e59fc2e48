"""ETRM: demonstration encoders as the conditioning of the grid core, their metrics and training."""

import json

import numpy as np
import pytest
import torch

from data.loaders import find_task
from solvers.grid.cli import parse_configs
from solvers.grid.demos import task_demos
from solvers.grid.encoders import ENCODERS, early_stop_flags
from solvers.grid.halting import HaltingConfig, act_step, deep_supervision_loss, initial_carry
from solvers.grid.models import GridModel, GridModelConfig
from solvers.grid.train import train

ENCODER_HEALTH_METRICS = {"train/encoder_cross_sample_var", "train/encoder_output_mean", "train/encoder_output_std",
                          "train/encoder_output_norm", "train/encoder_token_std", "grad/encoder_norm",
                          "grad/total_norm", "grad/encoder_ratio", "health/encoder_grad_starved",
                          "health/encoder_collapsed"}


def etrm(encoder):
    torch.manual_seed(0)
    config = GridModelConfig(arch="trm", conditioning="demos", encoder=encoder, hidden_size=32, num_heads=2,
                             num_layers=1, h_cycles=2, l_cycles=1, puzzle_emb_ndim=32, puzzle_emb_len=2, max_demos=3,
                             encoder_layers=1)
    return GridModel(config, seq_len=16, num_puzzles=1)


def demo_batch(size=4, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return {"inputs": torch.randint(2, 12, (size, 16), generator=generator),
            "labels": torch.randint(2, 12, (size, 16), generator=generator),
            "puzzle_ids": torch.zeros(size, dtype=torch.long),
            "demo_inputs": torch.randint(0, 12, (size, 3, 16), generator=generator),
            "demo_outputs": torch.randint(0, 12, (size, 3, 16), generator=generator),
            "demo_mask": torch.tensor([[True, True, False]] * size)}


@pytest.mark.parametrize("encoder", ENCODERS)
def test_every_encoder_gets_gradient_through_a_training_step(encoder):
    model = etrm(encoder)
    batch = demo_batch()
    carry = initial_carry(model, batch)
    carry, outputs = act_step(model, HaltingConfig(halt_max_steps=2), carry, batch, training=True)
    loss, _ = deep_supervision_loss(carry, outputs)
    extra, metrics = model.conditioning.auxiliary(carry, outputs)
    (loss if extra is None else loss + extra).backward()
    grads = [p.grad.abs().sum() for p in model.conditioning.parameters() if p.grad is not None]
    assert grads and float(torch.stack(grads).sum()) > 0
    assert {"encoder_cross_sample_var", "encoder_output_std"} <= set(metrics)


def test_prediction_depends_on_the_demonstrations():
    model = etrm("standard").eval()
    batch = demo_batch()
    other = dict(batch, demo_outputs=torch.flip(batch["demo_outputs"], dims=[-1]))
    with torch.no_grad():
        first = model(model.initial_state(4), batch).logits
        second = model(model.initial_state(4), other).logits
    assert not torch.allclose(first, second)


def test_variational_encoder_adds_a_kl_term():
    model = etrm("variational")
    batch = demo_batch()
    carry = initial_carry(model, batch)
    carry, outputs = act_step(model, HaltingConfig(halt_max_steps=2), carry, batch, training=True)
    extra, metrics = model.conditioning.auxiliary(carry, outputs)
    assert extra is not None and float(metrics["kl_loss"]) > 0


def test_leave_one_out_masks_the_queried_demonstration():
    task = find_task("3c9b0459", "arc-agi-1")
    full = task_demos(task, side=6, max_demos=5)
    loo = task_demos(task, side=6, max_demos=5, exclude=0)
    assert loo["demo_mask"].sum() == full["demo_mask"].sum() - 1
    assert not any(np.array_equal(loo["demo_inputs"][k], full["demo_inputs"][0]) for k in range(5) if loo["demo_mask"][k])


def test_etrm_early_stop_rules():
    flags = early_stop_flags({"grad/encoder_norm": 0.01, "grad/total_norm": 1.0, "train/encoder_cross_sample_var": 0.2})
    assert flags["health/encoder_grad_starved"] == 1.0 and flags["health/encoder_collapsed"] == 0.0
    assert flags["grad/encoder_ratio"] == pytest.approx(0.01)


def toy_args(tmp_path, encoder="standard"):
    return ["--arch", "trm", "--conditioning", "demos", "--encoder", encoder, "--hidden_size", "32", "--num_heads", "2",
            "--num_layers", "1", "--h_cycles", "1", "--l_cycles", "1", "--puzzle_emb_ndim", "32", "--encoder_layers", "1",
            "--halt_max_steps", "2", "--tasks", "74dd1130", "6150a2bd", "--eval_tasks", "6ea4a07e",
            "--split_strategy", "clean", "--canvas_side", "6", "--num_augmentations", "1", "--batch_size", "4",
            "--max_steps", "2", "--log_every", "2", "--save_every", "0", "--eval_max_examples", "8",
            "--output_dir", str(tmp_path / "run"), "--cache_dir", str(tmp_path / "cache"), "--num_threads", "1"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("etrm")
    summary = train(*parse_configs(toy_args(tmp_path, "recurrent")), progress=False)
    return tmp_path, summary


def test_training_logs_the_encoder_health_metrics(trained):
    tmp_path, summary = trained
    lines = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert ENCODER_HEALTH_METRICS <= set(lines[0])
    assert summary["holdout/examples"] > 0


def test_etrm_solver_predicts_an_unseen_task_from_its_demonstrations(trained):
    from solvers.registry import make_solver

    tmp_path, _ = trained
    solver = make_solver("etrm", checkpoint=str(tmp_path / "run"), views=1)
    assert "demonstrations" in solver.trained_on and solver.name == "etrm"
    task = find_task("6ea4a07e", "arc-agi-1").without_test_outputs()
    detailed = solver.predict_detailed(task)
    assert len(detailed.attempts) == len(task.test) and all(len(a) <= 2 for a in detailed.attempts)
    assert not detailed.info["seen_task"]
