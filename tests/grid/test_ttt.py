"""Test-time training (solvers.grid.ttt): a tiny run fits one small task's demonstrations, and the solver only
ever sees the harness's blind task (no test outputs reach it or its training data)."""

from pathlib import Path

import pytest

from data.augment import Augmentation
from data.errors import UserError
from data.task import Example, Task
from solvers.grid import ttt

TINY_RECIPE = """
arch: trm
hidden_size: 16
num_heads: 2
num_layers: 1
h_cycles: 1
l_cycles: 1
puzzle_emb_ndim: 16
halting: act
halt_max_steps: 1
canvas_side: 3
num_augmentations: 3
batch_size: 8
learning_rate: 1.0e-2
lr_warmup_steps: 5
ema: false
num_threads: 1
"""


def flip_task(task_id: str = "flip") -> Task:
    """Output = input mirrored left-right, on 2×2 grids: three demonstrations and one test pair."""
    grids = [((1, 0), (2, 3)), ((0, 4), (5, 0)), ((6, 7), (0, 8)), ((3, 0), (0, 9))]
    pairs = [Example(g, tuple(row[::-1] for row in g)) for g in grids]
    return Task(task_id, tuple(pairs[:3]), tuple(pairs[3:]), "synthetic", "evaluation")


@pytest.fixture
def recipe(tmp_path) -> Path:
    path = tmp_path / "grid" / "tiny_ttt.yaml"
    path.parent.mkdir()
    path.write_text(TINY_RECIPE)
    return path


def test_a_tiny_run_fits_its_demonstrations_exactly_on_every_training_view(recipe, tmp_path):
    from solvers.grid import encoding
    from solvers.grid.checkpoint import load_model
    from solvers.grid.evaluate import infer

    task = flip_task().without_test_outputs()
    configs = ttt.load_configs(recipe)
    settings = ttt.TTTSettings(time_budget=60, loo=False, check_every=10)
    model_dir, logs = ttt.train_on_task(task, configs, settings, tmp_path / "work")
    assert [log.name for log in logs] == ["fit"]
    assert logs[0].stopped == "training views exact"
    assert logs[0].pairs == ["train/0", "train/1", "train/2"]

    # Checked here, independently of the trainer's own metric: every demonstration under every trained view.
    loaded = load_model(model_dir)
    views = [(Augmentation.parse(p.split("|")[1]), i) for i, p in enumerate(loaded.puzzles) if "|" in p]
    assert len(views) == 1 + configs.data.num_augmentations
    rows = [(aug, pid, demo) for aug, pid in views for demo in task.train]
    inputs = [encoding.encode_grid(aug.grid(demo.input), 3) for aug, _, demo in rows]
    import numpy as np

    result = infer(loaded.model, loaded.halting, np.stack(inputs), np.asarray([pid for _, pid, _ in rows]))
    for (aug, _, demo), tokens in zip(rows, result.tokens, strict=True):
        assert aug.invert(encoding.decode_grid(tokens, 3)) == demo.output


class RecordingSolver(ttt.TTTSolver):
    """The TTT solver, noting every task the harness hands it."""

    seen: list[Task] = []

    def predict_detailed(self, task):
        self.seen.append(task)
        return super().predict_detailed(task)


def test_the_solver_sees_demonstrations_only_through_the_harness(recipe, tmp_path, monkeypatch):
    from harness.runner import evaluate

    written: list[tuple[str, list[Example], list[Example]]] = []
    real_write = ttt._write_task

    def spy(folder, task_id, train, test):
        written.append((folder.name, list(train), list(test)))
        return real_write(folder, task_id, train, test)

    monkeypatch.setattr(ttt, "_write_task", spy)
    task = flip_task()
    solver = RecordingSolver(recipe, time_budget=2, loo=True, check_every=5, workers=1)
    evaluate(solver, [task], tmp_path / "eval", progress=False)

    assert len(solver.seen) == 1 and all(e.output is None for e in solver.seen[0].test)
    truth = task.test[0].output
    # What the training data was built from: the leave-one-out phase holds out the last demonstration; the
    # fit phase has the test input only. The true test output is in neither.
    assert [name for name, _, _ in written] == ["loo", "fit"]
    (_, loo_train, loo_held), (_, fit_train, fit_test) = written
    assert loo_train == list(task.train[:2]) and loo_held == [task.train[2]]
    assert fit_train == list(task.train) and [e.output for e in fit_test] == [None]
    assert all(truth not in (e.output for e in part) for _, train, test in written for part in (train, test))

    import json

    record = json.loads((tmp_path / "eval" / "results.jsonl").read_text().splitlines()[0])
    assert record["info"]["saw"] == {"demonstrations": 3, "test_inputs": 1, "test_outputs": 0}
    assert [p["trained_on"] for p in record["info"]["phases"]] == [["train/0", "train/1"],
                                                                   ["train/0", "train/1", "train/2"]]


def test_training_refuses_a_task_with_test_outputs(recipe, tmp_path):
    with pytest.raises(ValueError, match="blind task"):
        ttt.train_on_task(flip_task(), ttt.load_configs(recipe), ttt.TTTSettings(time_budget=1), tmp_path)


def test_a_task_too_large_for_the_canvas_is_skipped_with_its_reason(recipe):
    big = Task("big", (Example(((1,) * 4,) * 4, ((2,) * 4,) * 4),), (Example(((1,) * 4,) * 4, None),))
    prediction = ttt.solve_task(big, str(recipe), ttt.TTTSettings(time_budget=1))
    assert prediction.attempts == [[]]
    assert prediction.info["skipped"] == "a 4-cell side does not fit the 3x3 canvas"


def test_the_registry_builds_it_and_checks_its_settings(recipe):
    from solvers.registry import make_solver

    solver = make_solver("trm-ttt", recipe=str(recipe), time_budget=5, views=4)
    assert solver.name == "trm-ttt" and solver.settings.views == 4 and solver.training_sources == []
    assert "never its test outputs" in solver.trained_on
    with pytest.raises(UserError, match="views must be 1-4"):
        make_solver("trm-ttt", recipe=str(recipe), views=8)
