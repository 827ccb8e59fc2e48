"""Training end to end at toy size: metrics, export, resume, evaluation CLI, harness solver."""

import json

import pytest

from data.loaders import find_task
from solvers.grid.cli import parse_configs
from solvers.grid.train import train

TRAINING_METRICS = {"train/accuracy", "train/exact_accuracy", "train/lm_loss", "train/q_halt_loss",
                    "train/q_halt_accuracy", "train/steps", "train/lr", "train/count", "grad/total_norm",
                    "grad/net_norm", "grad/conditioning_norm"}


def toy_args(tmp_path, *extra):
    return ["--arch", "trm", "--hidden_size", "32", "--num_heads", "2", "--num_layers", "1", "--h_cycles", "1",
            "--l_cycles", "1", "--puzzle_emb_ndim", "32", "--halt_max_steps", "2", "--tasks", "74dd1130",
            "6150a2bd", "--eval_tasks", "6ea4a07e", "--canvas_side", "6", "--num_augmentations", "1",
            "--batch_size", "4", "--max_steps", "4", "--log_every", "2", "--save_every", "2",
            "--eval_max_examples", "16", "--output_dir", str(tmp_path / "run"), "--cache_dir",
            str(tmp_path / "cache"), *extra]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("grid")
    summary = train(*parse_configs(toy_args(tmp_path)), progress=False)
    return tmp_path, summary


def test_training_metrics_are_logged(trained):
    tmp_path, _ = trained
    lines = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert TRAINING_METRICS <= set(lines[0])
    assert [line["step"] for line in lines if "train/lm_loss" in line] == [2, 4]


def test_summary_reports_training_and_holdout_evaluation(trained):
    _, summary = trained
    assert summary["step"] == 4
    assert summary["holdout/examples"] > 0 and 0 <= summary["holdout/pass@2"] <= 1
    assert 0 <= summary["eval_train/exact_accuracy"] <= 1 and "eval_train/ece" in summary


def test_model_is_exported_with_its_puzzle_table(trained):
    tmp_path, _ = trained
    meta = json.loads((tmp_path / "run" / "model" / "grid_model.json").read_text())
    assert meta["model"]["config"]["arch"] == "trm" and meta["puzzles"][0] == "<blank>"
    assert meta["data"]["demonstration_tasks"] == ["6ea4a07e"]


def test_training_resumes_from_the_latest_checkpoint(trained):
    tmp_path, _ = trained
    summary = train(*parse_configs(toy_args(tmp_path, "--max_steps", "6")), progress=False)
    steps = [json.loads(line)["step"] for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()
             if "train/lm_loss" in line]
    assert summary["step"] == 6 and steps[-2:] == [4, 6] and steps.count(2) == 1


def test_solver_predicts_at_most_two_valid_grids_per_test_input(trained):
    from solvers.grid.solver import GridSolver
    from solvers.protocol import Solver

    tmp_path, _ = trained
    solver = GridSolver(tmp_path / "run", arch="trm", views=2)
    assert isinstance(solver, Solver) and "split original" in solver.trained_on
    task = find_task("6ea4a07e", "arc-agi-1").without_test_outputs()
    detailed = solver.predict_detailed(task)
    assert len(detailed.attempts) == len(task.test)
    assert all(len(a) <= 2 for a in detailed.attempts)
    assert detailed.info["seen_task"] and detailed.info["views"] == 2  # identity + the one trained augmentation


def test_solver_refuses_a_checkpoint_of_another_architecture(trained):
    from data.errors import UserError
    from solvers.grid.solver import GridSolver

    tmp_path, _ = trained
    with pytest.raises(UserError, match="not hrm"):
        GridSolver(tmp_path / "run", arch="hrm")


def test_unseen_task_is_predicted_with_the_blank_puzzle(trained):
    from solvers.grid.solver import GridSolver

    tmp_path, _ = trained
    solver = GridSolver(tmp_path / "run", views=1)
    task = find_task("66e6c45b", "arc-agi-1").without_test_outputs()
    assert solver.predict_detailed(task).info["seen_task"] is False
