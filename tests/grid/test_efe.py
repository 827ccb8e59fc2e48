"""EFE memory agent: loss components logged separately, memory-bank writes logged, one training step."""

import json

import pytest

from data.errors import UserError
from solvers.grid.cli import parse_configs
from solvers.grid.efe import COMPONENTS, parse_weights
from solvers.grid.train import train


def test_weights_parse_and_reject_unknown_components():
    weights = parse_weights("risk=1,ambiguity=0.2")
    assert weights["ambiguity"] == 0.2 and weights["step"] == 0.0
    with pytest.raises(UserError, match="unknown component"):
        parse_weights("surprise=1")


ARGS = ["--arch", "trm", "--conditioning", "efe", "--text_max_tokens", "64", "--hidden_size", "32", "--num_heads", "2",
        "--num_layers", "1", "--h_cycles", "1", "--l_cycles", "1", "--puzzle_emb_ndim", "32", "--halt_max_steps", "2",
        "--tasks", "74dd1130", "--eval_tasks", "6ea4a07e", "--split_strategy", "clean", "--canvas_side", "6",
        "--num_augmentations", "1", "--batch_size", "4", "--max_steps", "2", "--log_every", "1", "--save_every", "0",
        "--eval_max_examples", "8", "--num_threads", "1", "--efe_success_threshold", "100"]


@pytest.fixture(scope="module")
def trained(text_model, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("efe")
    args = [*ARGS, "--text_model", text_model, "--output_dir", str(tmp_path / "run"), "--cache_dir", str(tmp_path / "c")]
    summary = train(*parse_configs(args), progress=False)
    lines = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    return tmp_path, summary, [line for line in lines if "train/lm_loss" in line]


def test_every_efe_component_and_its_scale_is_logged(trained):
    _, _, lines = trained
    for name in COMPONENTS:
        assert f"train/efe_{name}" in lines[0] and f"train/efe_scale_{name}" in lines[0]
    assert lines[0]["train/efe_consistency"] >= 0


def test_memory_bank_writes_are_logged_and_fill_the_bank(trained):
    _, _, lines = trained
    assert lines[0]["train/memory_updates"] > 0  # threshold 100: every example is a "success"
    assert lines[-1]["train/memory_size"] >= lines[0]["train/memory_size"] > 0


def test_efe_agent_predicts_through_the_harness_solver(trained):
    from data.loaders import find_task
    from solvers.registry import make_solver

    tmp_path, summary, _ = trained
    solver = make_solver("efe", checkpoint=str(tmp_path / "run"), views=1)
    task = find_task("6ea4a07e", "arc-agi-1").without_test_outputs()
    assert all(len(a) <= 2 for a in solver.predict(task)) and summary["holdout/examples"] > 0
