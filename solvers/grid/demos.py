"""Demonstration contexts for the few-shot grid models (ETRM, hybrid, EFE): what a prediction is
conditioned on instead of a learned puzzle id.

Every example row of `solvers.grid.dataset` belongs to one pair of one task seen under one augmented
view. Its *context* is that view's demonstration pairs (the task's train pairs, at most `max_demos`),
minus the row's own pair when the row is itself a demonstration pair (leave-one-out: the model never
sees the answer it is asked for among its demonstrations). Held-out rows (the test pairs of unseen tasks)
get all of their task's demonstrations, exactly as the harness does at prediction time.

    source = DemoSource.build(data, max_demos=5)                 # from the dataset's tables
    fields = source.fields("train", np.arange(8))                # demo_inputs/demo_outputs (8, K, L), demo_mask (8, K)
    fields = task_demos(task_view, side=6, max_demos=5)          # the same for one (augmented) harness task

`task_text` writes a context as plain text (digits, one grid row per line) for the text models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from data.augment import Augmentation
from data.grid import Grid
from data.loaders import load_tasks
from data.task import Task
from solvers.grid import encoding
from solvers.grid.dataset import GridData


def task_demos(task: Task, side: int, max_demos: int, exclude: int = -1) -> dict[str, np.ndarray]:
    """Encoded demonstrations of a task: demo_inputs, demo_outputs (K, L) uint8 and demo_mask (K,) bool,
    K = max_demos; the train pair `exclude` (and any beyond K) is masked out."""
    length = encoding.seq_len(side)
    inputs = np.zeros((max_demos, length), np.uint8)
    outputs = np.zeros((max_demos, length), np.uint8)
    mask = np.zeros(max_demos, bool)
    slot = 0
    for index, example in enumerate(task.train):
        if slot == max_demos:
            break
        if index == exclude or example.output is None:
            continue
        if not (encoding.fits(example.input, side) and encoding.fits(example.output, side)):
            continue
        inputs[slot] = encoding.encode_grid(example.input, side)
        outputs[slot] = encoding.encode_grid(example.output, side)
        mask[slot] = True
        slot += 1
    return {"demo_inputs": inputs, "demo_outputs": outputs, "demo_mask": mask}


def grid_text(grid: Grid) -> str:
    return "\n".join("".join(str(cell) for cell in row) for row in grid)


def task_text(task: Task, exclude: int = -1, max_demos: int | None = None) -> str:
    """The demonstrations of a task as text (the query input is not included: the grid model reads it)."""
    parts = []
    for index, example in enumerate(task.train):
        if index == exclude or example.output is None:
            continue
        parts.append(f"input\n{grid_text(example.input)}\noutput\n{grid_text(example.output)}\n")
    if max_demos is not None:
        parts = parts[:max_demos]
    return "".join(parts)


@dataclass
class DemoSource:
    """The tasks behind a GridData and each row's (task, view, excluded pair)."""

    data: GridData
    tasks: dict[str, Task]
    max_demos: int
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, data: GridData, max_demos: int) -> DemoSource:
        config = data.info["config"]
        wanted = set(data.info["train_tasks"]) | set(data.info["holdout_tasks"]) | set(
            data.info.get("demonstration_tasks", []))
        tasks: dict[str, Task] = {}
        for split in {config["train_split"], config["eval_split"]} - {""}:
            tasks.update({t.id: t for t in load_tasks(config["dataset"], split) if t.id in wanted})
        return cls(data, tasks, max_demos)

    def row_context(self, which: str, row: int) -> tuple[Task, int]:
        """The augmented task a row belongs to and the index of its own train pair (-1 for a test pair)."""
        split = getattr(self.data, which)
        task_id, part, index = self.data.pairs[int(split.pair_ids[row])].split("/")
        view = Augmentation.parse(self.data.views[int(split.view_ids[row])])
        return view.task(self.tasks[task_id]), int(index) if part == "train" else -1

    def fields(self, which: str, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Demonstration arrays of the given rows of split `which` (each context encoded once, then cached)."""
        per_row = [self._encoded(which, int(r)) for r in rows]
        return {key: np.stack([f[key] for f in per_row]) for key in ("demo_inputs", "demo_outputs", "demo_mask")}

    def _encoded(self, which: str, row: int) -> dict[str, np.ndarray]:
        split = getattr(self.data, which)
        pair_id, view_id = int(split.pair_ids[row]), int(split.view_ids[row])
        _, part, index = self.data.pairs[pair_id].split("/")
        key = (self.data.pairs[pair_id].split("/")[0], view_id, int(index) if part == "train" else -1)
        if key not in self._cache:
            task, exclude = self.row_context(which, row)
            self._cache[key] = task_demos(task, self.data.canvas_side, self.max_demos, exclude)
        return self._cache[key]
