"""The `reference` solver: the hand-written arc_dsl reference programs, run through the sandbox.

    arc-eval --solver reference --dataset arc-agi-1 --split training

It is the harness's sanity check: on ARC-AGI-1 training it must solve exactly the tasks whose reference
solver is verified (`arc-dsl coverage`). Tasks without a reference program get no attempt. The programs
are run like any other program text (isolated, with a timeout), so a broken solver file shows up as a
miss with its error in the report, not as a crash.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from data.task import Task
from solvers.protocol import Prediction

CHUNK = 32


class ReferenceSolver:
    """Runs `arc_dsl.solvers.load_solvers()[task.id]` on the test inputs."""

    name = "reference"
    trained_on = "hand-written for ARC-AGI-1 training"
    oracle = True  # the reference solutions themselves: a check of the harness, not a solver's score

    def __init__(self, timeout_s: float = 5.0, workers: int | None = None) -> None:
        from arc_dsl.solvers import load_solvers

        self.programs = load_solvers()
        self.timeout_s = timeout_s
        self.workers = workers

    def _prediction(self, task: Task, result) -> Prediction:
        attempts = [[grid] if grid is not None else [] for grid in result.outputs]
        errors = [f"{e.error.value}: {e.message}" for e in result.examples if e.error is not None]
        if result.program_error is not None:
            errors.insert(0, f"{result.program_error.value}: {result.message}")
        info = {"programs": [self.programs[task.id]], "seconds": result.seconds}
        if errors:
            info["error"] = "; ".join(errors)
        return Prediction(attempts, [[1.0] if a else [] for a in attempts], info=info)

    def predict_detailed(self, task: Task) -> Prediction:
        return next(iter(self.predict_stream([task])))[1]

    def predict(self, task: Task) -> list:
        return self.predict_detailed(task).attempts

    def predict_stream(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Prediction]]:
        """All tasks in one batched sandbox call (every core busy); tasks without a program first."""
        from sandbox import run_many

        known = [index for index, task in enumerate(tasks) if task.id in self.programs]
        for index, task in enumerate(tasks):
            if task.id not in self.programs:
                yield index, Prediction([[] for _ in task.test], info={"seconds": 0.0, "programs": []})
        # Batches big enough to keep every core busy, small enough for the progress bar to move.
        for start in range(0, len(known), CHUNK):
            chunk = known[start:start + CHUNK]
            jobs = [(self.programs[tasks[i].id], tasks[i].test_inputs) for i in chunk]
            results = run_many(jobs, timeout_s=self.timeout_s, workers=self.workers)
            for index, result in zip(chunk, results, strict=True):
                yield index, self._prediction(tasks[index], result)
