"""Difficulty levels: tasks split into `num_levels` equal-size buckets, easiest first.

Difficulty comes either from an external rating (higher = harder) or from a baseline reward table
(the sampler's `difficulty.json`, {task_id: mean reward of the teacher/student}), where difficulty is
1 / average baseline reward. Tasks missing from the table, or with a baseline reward of
0, go to the hardest level. Ties break on the task id so levels are deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

SOURCES = ("reward", "rating")


def difficulty(task_id: str, table: Mapping[str, float], source: str = "reward") -> float:
    """How hard a task is: 1/baseline reward (`source="reward"`) or the rating itself (`"rating"`)."""
    if source not in SOURCES:
        raise ValueError(f"difficulty source must be one of {SOURCES}, got {source!r}")
    value = table.get(task_id)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.inf
    if source == "rating":
        return float(value)
    return 1.0 / value if value > 0 else math.inf


def assign_levels(task_ids: Iterable[str], table: Mapping[str, float] | None = None, *, num_levels: int = 1,
                  source: str = "reward") -> dict[str, int]:
    """{task_id: level in 0..num_levels-1}, equal-size buckets by increasing difficulty.

    Without a table every task is level 0.
    """
    if num_levels < 1:
        raise ValueError(f"num_levels must be >= 1, got {num_levels}")
    ids = list(dict.fromkeys(task_ids))
    if table is None or num_levels == 1:
        return dict.fromkeys(ids, 0)
    ranked = sorted(ids, key=lambda t: (difficulty(t, table, source), t))
    unknown = {t for t in ids if difficulty(t, table, source) == math.inf}
    known = [t for t in ranked if t not in unknown]
    levels = {t: min(rank * num_levels // max(len(known), 1), num_levels - 1) for rank, t in enumerate(known)}
    levels.update(dict.fromkeys(unknown, num_levels - 1))
    return {t: levels[t] for t in ids}
