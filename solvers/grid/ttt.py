"""Test-time training (TTT) of a grid model on one task's demonstrations: the `trm-ttt` solver.

    arc-eval --solver trm-ttt --dataset arc-agi-1 --split evaluation --time-budget 25 --out runs/eval/trm-ttt
    arc-eval --solver trm-ttt --set loo=true --set views=8 ...      # other settings, see TTTSolver

For every task, with nothing but its demonstration pairs (the harness hands solvers the blind task, and
`predict_detailed` strips test outputs again before anything else):

1. leave-one-out phase (`loo=true`, tasks with ≥ 2 demonstrations): a TRM (recipes/grid/trm_ttt.yaml,
   from scratch or from a `checkpoint`) trains on all demonstrations but the last, each under the
   identity and `num_augmentations` dihedral × colour-permutation views (`data.augment`, one learned
   puzzle id per view, the paper's *original* split applied to one task); every `check_every` steps the
   held-out demonstration is predicted under every view, inverted and voted. The phase stops as soon
   as that pair, which it never trained on, comes out exactly right, or at `loo_share` of the budget;
2. fit phase (the default starts here): from those weights (or scratch, or the `checkpoint`), every
   demonstration under every view trains until all training views are exactly right or the CPU budget
   is spent;
3. prediction: each test input under `views` of the trained views (identity first), mapped back with the
   exact inverse augmentation and voted (`GridSolver` over the exported per-task model; ≤ 2 attempts).

Training reuses `GridTrainer` whole (data building, model, optimizers, schedules, EMA and its
`_train_step`); only the outer loop is ours, because `GridTrainer.fit` runs a fixed number of steps,
stops early only on the training-pair accuracy, and ends every run with a checkpoint, an export and a
full evaluation, whereas one task needs a CPU-seconds deadline and a stop on a held-out pair.

A task whose grids (demonstrations or test inputs) do not fit the recipe's canvas is skipped with the
reason in `info["skipped"]` (its empty attempts score 0). Tasks run in a process pool, one per core.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.grid import Grid
from data.task import Example, Task
from solvers.protocol import Prediction

DEFAULT_RECIPE = Path(__file__).resolve().parents[2] / "recipes" / "grid" / "trm_ttt.yaml"
# Share of the budget kept back for prediction (views × test inputs through the model).
PREDICTION_RESERVE = 0.1


@dataclass(frozen=True)
class TTTSettings:
    """What one task's test-time training does (the model itself comes from the recipe)."""

    time_budget: float = 25.0  # CPU seconds per task, training and prediction together
    views: int | None = None  # views voted over at prediction (identity included); None = every trained view
    loo: bool = False  # leave-one-out phase first (tied on ARC score, lower pass@1 / pixels: README)
    loo_share: float = 0.6  # most of the budget the leave-one-out phase may take
    check_every: int = 25  # training steps between checks (held-out pair, or training views)
    seed: int = 0

    def check(self, num_augmentations: int) -> None:
        if not 0 < self.time_budget <= 3600:
            raise UserError(f"time_budget must be in (0, 3600] CPU seconds, got {self.time_budget}")
        if self.views is not None and not 1 <= self.views <= num_augmentations + 1:
            raise UserError(f"views must be 1-{num_augmentations + 1} (the recipe trains {num_augmentations} "
                            f"augmentations plus the identity), got {self.views}")
        if not 0 < self.loo_share < 1 or self.check_every < 1:
            raise UserError("loo_share must be in (0, 1) and check_every >= 1")


@dataclass
class Configs:
    """The four grid configs of a recipe (model, halting, data, training)."""

    model: Any
    halting: Any
    data: Any
    training: Any


@dataclass
class PhaseLog:
    """What one training phase did."""

    name: str
    pairs: list[str]  # demonstration pairs trained on ("train/0", ...)
    held_out: list[str]  # demonstration pairs checked, never trained on
    steps: int = 0
    cpu_seconds: float = 0.0
    stopped: str = "budget"  # budget | held-out pair exact | training views exact
    checks: list[dict] = field(default_factory=list)


def load_configs(recipe: str | Path) -> Configs:
    """The recipe's configs, parsed and checked by `arc-grid train`'s own parser."""
    from solvers.grid.cli import parse_configs

    model, halting, data, training = parse_configs(["--config", str(recipe)])
    if model.conditioning != "puzzle":
        raise UserError(f"{recipe}: test-time training needs the puzzle conditioning, not {model.conditioning!r}")
    return Configs(model, halting, data, training)


def skip_reason(task: Task, side: int) -> str | None:
    """Why the task cannot be trained on a `side`×`side` canvas (a grid too large), or None."""
    grids = [g for e in task.train + task.test for g in (e.input, e.output) if g is not None]
    largest = max(max(len(g), len(g[0])) for g in grids)
    if largest > side:
        return f"a {largest}-cell side does not fit the {side}x{side} canvas"
    return None


def _write_task(folder: Path, task_id: str, train: Sequence[Example], test: Sequence[Example]) -> Path:
    """An ARC JSON file `<task_id>.json` holding exactly these pairs (test outputs only where given)."""
    def pair(example: Example) -> dict:
        out = {"input": [list(row) for row in example.input]}
        if example.output is not None:
            out["output"] = [list(row) for row in example.output]
        return out

    path = folder / f"{task_id}.json"
    path.write_text(json.dumps({"train": [pair(e) for e in train], "test": [pair(e) for e in test]}))
    return path


def _trainer(configs: Configs, task_file: Path, work: Path, seed: int):
    """A `GridTrainer` whose data is the task in `task_file`: its train pairs train under every view
    (puzzle id per view), its test pairs with outputs form the held-out split."""
    from solvers.grid.train import GridTrainer

    data = replace(configs.data, dataset=str(task_file), train_split="training", eval_split="evaluation",
                   tasks=None, eval_tasks=None, max_tasks=None, max_eval_tasks=None, skip_oversized=False,
                   split_strategy="original", allow_held_out=False, cache_dir=str(work / "cache"))
    training = replace(configs.training, output_dir=str(work / "run"), resume=False, seed=seed,
                       report_to="none", eval_every=0, save_every=0, target_exact_accuracy=0.0)
    return GridTrainer(configs.model, configs.halting, data, training)


def _load_weights(trainer, state: dict) -> None:
    """Start `trainer` from `state` (every tensor whose name and shape match; the puzzle embedding of a
    pre-trained model, sized for other tasks, stays fresh). The EMA copies the model at its first update."""
    own = trainer.core.state_dict()
    kept = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
    missing = [k for k in own if k not in kept and not k.startswith("conditioning.")]
    if missing:
        raise UserError(f"the starting weights do not match the recipe's model ({', '.join(missing[:3])} ...)")
    trainer.core.load_state_dict(kept, strict=False)


def _import_training_stack() -> None:
    """Import what training loads lazily (accelerate, transformers' schedules) before a task's clock starts:
    a pool worker's first task would otherwise spend seconds of its budget on imports."""
    import accelerate  # noqa: F401
    from transformers import get_cosine_with_min_lr_schedule_with_warmup  # noqa: F401

    import solvers.grid.train  # noqa: F401


def _fit(trainer, deadline: float, check_every: int, done: Callable[[dict], bool], which: str,
         log: PhaseLog) -> None:
    """Train until `done(metrics of the `which` split)` at a check, or the CPU `deadline` passes."""
    import torch

    from solvers.grid import dataset
    from solvers.grid.evaluate import evaluate_split
    from solvers.grid.halting import initial_carry

    began = time.process_time()
    args = trainer.args
    batches = dataset.batches(len(trainer.data.train), args.batch_size, seed=args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    carry = None
    while time.process_time() < deadline:
        batch = trainer._batch(next(batches))
        if carry is None:
            carry = initial_carry(trainer.core, batch)
        carry, _, _ = trainer._train_step(carry, batch, generator)
        log.steps += 1
        if log.steps % check_every == 0:
            metrics = evaluate_split(trainer.evaluated_model, trainer.halting, trainer.data, which,
                                     batch_size=args.eval_batch_size, seed=args.seed)
            log.checks.append({"step": log.steps, **{k: round(metrics[k], 4) for k in
                                                     ("exact_accuracy", "accuracy", "pass@1") if k in metrics}})
            if done(metrics):
                log.stopped = "held-out pair exact" if which == "holdout" else "training views exact"
                break
    log.cpu_seconds = round(time.process_time() - began, 2)


def train_on_task(task: Task, configs: Configs, settings: TTTSettings, work: Path,
                  start: dict | None = None) -> tuple[Path, list[PhaseLog]]:
    """Test-time train on the demonstrations of a blind task (phases in the module docstring); the
    exported model folder and what each phase did. `start`: weights to begin from (None = scratch)."""
    from solvers.grid.checkpoint import export_model

    if task.has_test_outputs:
        raise ValueError("test-time training takes the blind task (task.without_test_outputs())")
    _import_training_stack()
    began = time.process_time()
    deadline = began + settings.time_budget * (1 - PREDICTION_RESERVE)
    demos = list(task.train)
    logs: list[PhaseLog] = []
    if settings.loo and len(demos) >= 2:
        folder = work / "loo"
        folder.mkdir(parents=True)
        task_file = _write_task(folder, task.id, demos[:-1], demos[-1:])
        trainer = _trainer(configs, task_file, folder, settings.seed)
        if start is not None:
            _load_weights(trainer, start)
        log = PhaseLog("leave-one-out", [f"train/{i}" for i in range(len(demos) - 1)], [f"train/{len(demos) - 1}"])
        loo_deadline = began + settings.time_budget * settings.loo_share
        _fit(trainer, min(loo_deadline, deadline), settings.check_every,
             lambda m: m.get("pass@1", 0.0) >= 1.0, "holdout", log)
        logs.append(log)
        start = {k: v.detach().clone() for k, v in trainer.evaluated_model.state_dict().items()}
    folder = work / "fit"
    folder.mkdir(parents=True)
    task_file = _write_task(folder, task.id, demos, task.test)  # test inputs only: nothing held out
    trainer = _trainer(configs, task_file, folder, settings.seed)
    if start is not None:
        _load_weights(trainer, start)
    log = PhaseLog("fit", [f"train/{i}" for i in range(len(demos))], [])
    _fit(trainer, deadline, settings.check_every, lambda m: m.get("exact_accuracy", 0.0) >= 1.0, "train", log)
    logs.append(log)
    model_dir = export_model(work / "model", trainer.evaluated_model, trainer.halting, puzzles=trainer.data.puzzles,
                             data_info=trainer.data.info, training={"step": log.steps})
    return model_dir, logs


def solve_task(task: Task, recipe: str, settings: TTTSettings, checkpoint: str | None = None) -> Prediction:
    """Train on the task's demonstrations and predict its test inputs (≤ 2 attempts each). Pure apart
    from a temporary folder; runs in a pool worker."""
    from solvers.grid.solver import GridSolver

    task = task.without_test_outputs()  # whatever the caller passed, test outputs never reach training
    began = time.process_time()
    configs = load_configs(recipe)
    if configs.training.num_threads:
        import torch

        torch.set_num_threads(configs.training.num_threads)
    saw = {"demonstrations": len(task.train), "test_inputs": len(task.test), "test_outputs": 0}
    reason = skip_reason(task, configs.data.canvas_side)
    if reason is not None:
        return Prediction([[] for _ in task.test], info={"skipped": reason, "saw": saw})
    start = start_weights(checkpoint)
    with tempfile.TemporaryDirectory(prefix="ttt-") as tmp:
        model_dir, logs = train_on_task(task, configs, settings, Path(tmp), start)
        views = settings.views or configs.data.num_augmentations + 1
        solver = GridSolver(model_dir, views=views - 1, seed=settings.seed)
        prediction = solver.predict_detailed(task)
    prediction.info.update({
        "saw": saw, "cpu_seconds": round(time.process_time() - began, 2),
        "phases": [{"phase": p.name, "trained_on": p.pairs, "held_out": p.held_out, "steps": p.steps,
                    "cpu_seconds": p.cpu_seconds, "stopped": p.stopped, "checks": p.checks[-3:]} for p in logs],
    })
    if len(logs) == 2:
        prediction.info["held_out_pair_solved"] = logs[0].stopped == "held-out pair exact"
    return prediction


def start_weights(checkpoint: str | None) -> dict | None:
    """The weights of a pre-trained grid model folder (None: train from scratch)."""
    if checkpoint is None:
        return None
    from solvers.grid.checkpoint import load_model

    return load_model(checkpoint).model.state_dict()


class TTTSolver:
    """Harness solver: a fresh grid model test-time trained on each task's demonstrations.

    recipe:      grid recipe of the model, its augmentations and optimiser (recipes/grid/trm_ttt.yaml)
    time_budget: CPU seconds per task; views / loo / loo_share / check_every: see `TTTSettings`
    checkpoint:  a grid model (arc-grid train run folder) to start every task from, instead of scratch
    workers:     processes, one task each (default: every core)
    """

    def __init__(self, recipe: str | Path | None = None, *, time_budget: float | None = None, views: int | None = None,
                 loo: bool | None = None, loo_share: float | None = None, check_every: int | None = None,
                 checkpoint: str | None = None, workers: int | None = None, seed: int = 0,
                 name: str = "trm-ttt"):
        self.recipe = str(recipe or DEFAULT_RECIPE)
        configs = load_configs(self.recipe)
        given = {"time_budget": time_budget, "views": views, "loo": loo, "loo_share": loo_share,
                 "check_every": check_every}
        self.settings = replace(TTTSettings(seed=seed), **{k: v for k, v in given.items() if v is not None})
        self.settings.check(configs.data.num_augmentations)
        if checkpoint is not None:
            _load_weights_check(checkpoint, configs)
        self.checkpoint = checkpoint
        self.workers = workers or os.cpu_count() or 1
        self.name = name
        start = f"the grid model {checkpoint}" if checkpoint else "scratch"
        self.trained_on = (f"{configs.model.arch} test-time trained from {start} on each task's demonstration pairs "
                           f"only (identity + {configs.data.num_augmentations} augmentations), never its test outputs")
        # arc-eval follows these to report contamination; a scratch model has no training chain.
        self.training_sources = [checkpoint] if checkpoint else []

    def predict_detailed(self, task: Task) -> Prediction:
        return solve_task(task, self.recipe, self.settings, self.checkpoint)

    def predict(self, task: Task) -> list[list[Grid]]:
        return self.predict_detailed(task).attempts

    def predict_stream(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Prediction]]:
        """A spawned process pool over tasks (one task per core at a time), results in finish order; a
        script calling this guards its entry point with `if __name__ == "__main__":`."""
        if self.workers <= 1 or len(tasks) <= 1:
            for index, task in enumerate(tasks):
                yield index, self.predict_detailed(task)
            return
        from solvers.parallel import stream_in_processes

        calls = [(task, self.recipe, self.settings, self.checkpoint) for task in tasks]
        for index, future in stream_in_processes(solve_task, calls, self.workers):
            yield index, _result(future, len(tasks[index].test))


def _result(future, num_tests: int) -> Prediction:
    """A worker's prediction; a task that raised is that task's miss, recorded, not the end of the run."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 — recorded in the results, never hidden
        return Prediction([[] for _ in range(num_tests)], info={"error": f"{type(error).__name__}: {error}"})


def _load_weights_check(checkpoint: str, configs: Configs) -> None:
    """A UserError now (not in every worker) when the checkpoint's model is not the recipe's."""
    from solvers.grid.checkpoint import load_model

    model = load_model(checkpoint).model.config
    mine = configs.model
    fields = ("arch", "hidden_size", "num_heads", "num_layers", "h_cycles", "l_cycles", "puzzle_emb_ndim")
    differ = [f"{name} {getattr(model, name)} vs {getattr(mine, name)}" for name in fields
              if getattr(model, name) != getattr(mine, name)]
    if differ:
        raise UserError(f"{checkpoint}: its model differs from the recipe's ({'; '.join(differ)})")
