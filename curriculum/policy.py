"""The sampling policy: which tasks the next GRPO batch trains on.

Each task gets a weight from its status (`CurriculumConfig.*_weight`; active tasks weigh 1, locked
tasks 0). `draw` picks `k` distinct tasks by weighted sampling without replacement (Efraimidis and
Spirakis' keys u^(1/w)); when fewer than `k` tasks have a positive weight it takes all of them and
fills the batch with weighted draws with replacement. When every task is saturated or locked (the
curriculum is exhausted) it falls back to uniform sampling over all tasks, so training never stalls.

The random stream is a pure function of (seed, draw counter), and the counter lives in the persisted
state, so a resumed run continues the same sequence of draws.
"""

from __future__ import annotations

import random
from dataclasses import replace

from curriculum.state import CurriculumConfig, CurriculumState


def weight(status: str, config: CurriculumConfig) -> float:
    """Sampling weight of a task in `status`."""
    return {"locked": 0.0, "new": config.new_weight, "active": 1.0, "hard": config.hard_weight,
            "saturated": config.saturated_weight}[status]


def sampling_weights(state: CurriculumState, config: CurriculumConfig) -> dict[str, float]:
    """{task_id: weight} of every task with a positive weight, or uniform weights when none has one."""
    weights = {t: weight(s.status, config) for t, s in state.tasks.items()}
    positive = {t: w for t, w in weights.items() if w > 0}
    return positive or dict.fromkeys(state.tasks, 1.0)


def draw(state: CurriculumState, k: int, config: CurriculumConfig) -> tuple[list[str], CurriculumState]:
    """`k` task ids for the next batch and the state with its draw counter advanced."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if not state.tasks:
        raise ValueError("the curriculum has no tasks")
    rng = random.Random(f"curriculum:{state.seed}:{state.draws}")
    weights = sampling_weights(state, config)
    ids = sorted(weights)  # a fixed order: dict order must not change the draw
    keys = {t: rng.random() ** (1.0 / weights[t]) for t in ids}
    chosen = sorted(ids, key=lambda t: keys[t], reverse=True)[:k]
    if len(chosen) < k:
        chosen += rng.choices(ids, weights=[weights[t] for t in ids], k=k - len(chosen))
    return chosen, replace(state, draws=state.draws + 1)


def needs_augmentation(state: CurriculumState, task_id: str) -> bool:
    """True for tasks the student is failing: they are trained on augmented variants."""
    stats = state.tasks.get(task_id)
    return stats is not None and stats.status == "hard"
