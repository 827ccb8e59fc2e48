"""Summary figures of a set of ARC tasks (pure): counts of tasks, pairs and test inputs, and a histogram
of grid sizes. `arc-data stats` prints them as tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from data.grid import MAX_SIDE, shape
from data.task import Task

SIZE_BIN = 5  # histogram bins by the longer side: 1–5, 6–10, …, 26–30


@dataclass(frozen=True)
class SplitStats:
    """Counts for one split; `input_sizes`/`output_sizes` count grids per size bin (see `size_bin`)."""

    tasks: int
    train_pairs: int
    test_inputs: int
    test_outputs: int
    same_shape_tasks: int  # tasks whose every demonstration output has its input's shape
    input_sizes: tuple[int, ...]
    output_sizes: tuple[int, ...]

    @property
    def pairs_per_task(self) -> float:
        return self.train_pairs / self.tasks if self.tasks else 0.0


def size_bins() -> list[str]:
    """Labels of the histogram bins, e.g. '1–5'."""
    return [f"{low}–{min(low + SIZE_BIN - 1, MAX_SIDE)}" for low in range(1, MAX_SIDE + 1, SIZE_BIN)]


def size_bin(height: int, width: int) -> int:
    """Index of the bin holding a grid whose longer side is max(height, width)."""
    return (max(height, width) - 1) // SIZE_BIN


def split_stats(tasks: Sequence[Task]) -> SplitStats:
    """Counts and grid-size histograms over all train and test pairs of `tasks`."""
    inputs: Counter[int] = Counter()
    outputs: Counter[int] = Counter()
    for task in tasks:
        for example in task.train + task.test:
            inputs[size_bin(*shape(example.input))] += 1
            if example.output is not None:
                outputs[size_bin(*shape(example.output))] += 1
    bins = range(len(size_bins()))
    return SplitStats(
        tasks=len(tasks),
        train_pairs=sum(len(task.train) for task in tasks),
        test_inputs=sum(len(task.test) for task in tasks),
        test_outputs=sum(e.output is not None for task in tasks for e in task.test),
        same_shape_tasks=sum(all(shape(e.input) == shape(e.output) for e in task.train)  # type: ignore[arg-type]
                             for task in tasks),
        input_sizes=tuple(inputs[b] for b in bins),
        output_sizes=tuple(outputs[b] for b in bins),
    )
