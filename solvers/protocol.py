"""The one interface every solver implements for the harness, and what a detailed prediction holds.

A solver is any object with `name`, `trained_on` and `predict(task)`:

    class MySolver:
        name = "mine"
        trained_on = "nothing (hand-written rules)"

        def predict(self, task: Task) -> list[list[Grid]]:
            return [[test.input] for test in task.test]   # ≤ 2 attempts per test input

The task a solver receives never holds test outputs (the runner passes `task.without_test_outputs()`).
Solvers that know more (confidences, extra candidates, tokens, cost) also implement
`predict_detailed(task) -> Prediction`; `detailed(solver, task)` calls whichever exists.

A solver may also implement `predict_stream(tasks) -> Iterable[tuple[int, Prediction]]` to work on
many tasks at once (e.g. a process pool over tasks); it yields (index into `tasks`, prediction) in
completion order, and the runner records each as it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from data.grid import Grid, is_grid
from data.task import Task

MAX_ATTEMPTS = 2


@dataclass
class Prediction:
    """A solver's answer for one task.

    attempts:    per test input, at most 2 grids, best first.
    confidences: per test input, one number per attempt (higher = surer); used to break voting ties.
    tokens:      tokens the solver spent (prompt + completion) on this task, 0 if not applicable.
    cost_usd:    money spent on this task.
    info:        anything JSON-serialisable the solver wants recorded. Recognised keys:
                 "candidates" (per test input, every distinct grid the solver considered — scored as
                 the oracle), "seconds" (time spent when the solver measured it itself, e.g. in a worker),
                 "programs" (program text behind the attempts).
    """

    attempts: list[list[Grid]]
    confidences: list[list[float]] = field(default_factory=list)
    tokens: int = 0
    cost_usd: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)

    def candidates(self) -> list[list[Grid]]:
        """Per test input: the attempts followed by every further candidate in `info["candidates"]`."""
        extra = self.info.get("candidates") or []
        out = []
        for index, attempts in enumerate(self.attempts):
            seen = list(attempts)
            more = extra[index] if index < len(extra) else []
            for grid in more:
                grid = _as_grid(grid)
                if grid is not None and grid not in seen:
                    seen.append(grid)
            out.append(seen)
        return out


@runtime_checkable
class Solver(Protocol):
    """What the harness evaluates. `trained_on` says what the solver saw in training (for reports)."""

    name: str
    trained_on: str

    def predict(self, task: Task) -> list[list[Grid]]:
        """Up to 2 attempts per test input; the task holds no test outputs."""
        ...


def _as_grid(value: Any) -> Grid | None:
    """A grid from tuples or lists (JSON round trips give lists); None when it is not a valid grid."""
    if is_grid(value):
        return value
    if isinstance(value, list | tuple) and value and all(isinstance(row, list | tuple) for row in value):
        grid = tuple(tuple(row) for row in value)
        return grid if is_grid(grid) else None
    return None


def normalize(prediction: Prediction, num_tests: int) -> Prediction:
    """Clip a prediction to the contract: exactly `num_tests` entries, ≤ 2 valid grids each.

    Invalid grids (wrong types, ragged, colours outside 0–9) are dropped rather than crashing the run:
    a solver's bad output is its own miss, not the harness's failure. Missing confidences default to
    1.0 for the first attempt and 0.5 for the second.
    """
    attempts: list[list[Grid]] = []
    confidences: list[list[float]] = []
    for index in range(num_tests):
        raw = prediction.attempts[index] if index < len(prediction.attempts) else []
        raw_conf = prediction.confidences[index] if index < len(prediction.confidences) else []
        kept: list[Grid] = []
        kept_conf: list[float] = []
        for rank, value in enumerate(raw or []):
            grid = _as_grid(value)
            if grid is None or grid in kept:
                continue
            kept.append(grid)
            kept_conf.append(float(raw_conf[rank]) if rank < len(raw_conf) else 1.0 / (rank + 1))
            if len(kept) == MAX_ATTEMPTS:
                break
        attempts.append(kept)
        confidences.append(kept_conf)
    return Prediction(attempts, confidences, int(prediction.tokens or 0), float(prediction.cost_usd or 0.0),
                      dict(prediction.info))


def detailed(solver: Solver, task: Task) -> Prediction:
    """The solver's `predict_detailed(task)` when it has one, else its `predict(task)` wrapped."""
    method = getattr(solver, "predict_detailed", None)
    prediction = method(task) if callable(method) else Prediction(solver.predict(task))
    return normalize(prediction, len(task.test))
