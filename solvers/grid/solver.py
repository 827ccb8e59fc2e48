"""`GridSolver`: a trained grid model (TRM, HRM or transformer) as a harness solver.

    solver = GridSolver("runs/overfit_trm/grid", arch="trm")
    attempts = solver.predict(task.without_test_outputs())   # ≤ 2 grids per test input

Each test input is predicted under several augmented *views* of the task; every prediction is mapped
back with the inverse augmentation and the views vote (`solvers.voting`'s rule: most votes, then
higher summed halting confidence). A task the model was trained on (its demonstration pairs, or the
whole task) is viewed through the augmentations it was trained with, each with its learned puzzle
embedding; an unseen task gets fresh augmentations and the blank puzzle id. `trained_on` says which
tasks and split the model saw, so reports can tell memorised from held-out tasks.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from data.augment import Augmentation, augmentations
from data.errors import UserError
from data.grid import Grid
from data.task import Task
from solvers.grid import encoding
from solvers.grid.checkpoint import load_model
from solvers.grid.dataset import BLANK_PUZZLE
from solvers.protocol import MAX_ATTEMPTS, Prediction
from solvers.voting import invert_grid


def describe_training(info: dict) -> str:
    """One line: what the model saw in training (dataset, tasks, split, augmentations)."""
    config = info["config"]
    where = f"{config['dataset']}"
    parts = [f"{len(info['train_tasks'])} {where}/{config['train_split']} tasks (all pairs)"]
    if info.get("demonstration_tasks"):
        parts.append(f"demonstration pairs of {len(info['demonstration_tasks'])} {where}/{config['eval_split']} tasks "
                     "(their test pairs held out)")
    text = " + ".join(parts)
    return (f"grid model trained from scratch on {text}; split {config['split_strategy']}; "
            f"{config['num_augmentations']} augmentations per task; puzzle ids learned for every trained task")


class GridSolver:
    """Harness `Solver` over an exported grid model, with augmentation voting."""

    def __init__(self, checkpoint: str | Path | None = None, *, arch: str | None = None, name: str | None = None,
                 views: int | None = None, batch_size: int = 64, device: str = "cpu", seed: int = 0,
                 conditioning: str | None = None):
        if checkpoint is None:
            raise UserError(f"the {arch or 'grid'} solver needs a checkpoint (a run folder of arc-grid train)")
        loaded = load_model(checkpoint, device)
        if arch is not None and loaded.model.config.arch != arch:
            raise UserError(f"{checkpoint} holds a {loaded.model.config.arch} model, not {arch}")
        if conditioning is not None and loaded.model.config.conditioning != conditioning:
            raise UserError(f"{checkpoint} holds a model conditioned on {loaded.model.config.conditioning!r}, "
                            f"not {conditioning!r}")
        self.model, self.halting = loaded.model, loaded.halting
        self.name = name or loaded.model.config.arch
        self.trained_on = describe_training(loaded.data)
        self.training_sources = [str(checkpoint)]  # its run_config.json lists the tasks it trained on
        # Few-shot conditionings read the task's demonstrations (task_fields) instead of a puzzle id.
        self.task_fields = getattr(self.model.conditioning, "task_fields", None)
        if self.task_fields is not None:
            self.trained_on += f"; conditioned on the demonstrations ({loaded.model.config.conditioning}), puzzle ids unused"
        self.training_tasks = frozenset(loaded.data["train_tasks"]) | frozenset(loaded.data["demonstration_tasks"])
        self.side = int(loaded.data["config"]["canvas_side"])
        self.views = views if views is not None else int(loaded.data["config"]["num_augmentations"])
        self.batch_size, self.seed = batch_size, seed
        self.known: dict[str, list[tuple[Augmentation, int]]] = defaultdict(list)
        for puzzle_id, puzzle in enumerate(loaded.puzzles):
            if puzzle != BLANK_PUZZLE:
                task_id, view = puzzle.split("|")
                self.known[task_id].append((Augmentation.parse(view), puzzle_id))

    def _views(self, task: Task) -> list[tuple[Augmentation, int]]:
        if task.id in self.known:
            return self.known[task.id][:self.views + 1]  # the identity comes first
        fresh = augmentations(self.views, self.seed, keep_background=True, task=task)
        return [(aug, 0) for aug in [Augmentation(), *fresh]]

    def predict(self, task: Task) -> list[list[Grid]]:
        return self.predict_detailed(task).attempts

    def predict_detailed(self, task: Task) -> Prediction:
        from solvers.grid.evaluate import infer, vote_grids

        views = self._views(task)
        rows, inputs, puzzle_ids, extra_rows = [], [], [], []
        for test_index, example in enumerate(task.test):
            for aug, puzzle_id in views:
                grid = aug.grid(example.input)
                if encoding.fits(grid, self.side):
                    rows.append((test_index, aug))
                    inputs.append(encoding.encode_grid(grid, self.side))
                    puzzle_ids.append(puzzle_id)
                    if self.task_fields is not None:
                        extra_rows.append(self.task_fields(aug.task(task), self.side))
        extras = {k: np.stack([r[k] for r in extra_rows]) for k in extra_rows[0]} if extra_rows else None
        candidates: list[list[tuple[Grid, float]]] = [[] for _ in task.test]
        steps = []
        if inputs:
            result = infer(self.model, self.halting, np.stack(inputs), np.asarray(puzzle_ids), batch_size=self.batch_size,
                           seed=self.seed, extras=extras)
            steps = result.steps.tolist()
            for (test_index, aug), tokens, confidence in zip(rows, result.tokens, result.confidence, strict=True):
                grid = encoding.decode_grid(tokens, self.side)
                back = invert_grid(aug, grid) if grid is not None else None
                if back is not None:
                    candidates[test_index].append((back, float(confidence)))
        attempts, confidences, halt_confidence = [], [], []
        for pooled in candidates:
            ranked = vote_grids(pooled)[:MAX_ATTEMPTS]
            attempts.append(ranked)
            confidences.append([sum(1 for g, _ in pooled if g == grid) / max(len(views), 1) for grid in ranked])
            halt_confidence.append([float(np.mean([c for g, c in pooled if g == grid])) for grid in ranked])
        info = {"views": len(views), "seen_task": task.id in self.known, "halt_confidence": halt_confidence,
                "steps": float(np.mean(steps)) if steps else 0.0,
                "candidates": [vote_grids(pooled) for pooled in candidates]}
        if not inputs:
            info["note"] = f"no test input fits the model's {self.side}x{self.side} canvas"
        return Prediction(attempts, confidences, info=info)
