"""Reference solvers: one verified DSL program per ARC-AGI-1 training task.

Each task's program lives in `arc_dsl/solvers/programs/<task_id>.py`, exactly as a model would write
it (`from arc_dsl import *` + `def solve(I)`), so the sampler and SFT can use the text verbatim.

    from arc_dsl.solvers import load_solvers, solver_source, verify_solver
    programs = load_solvers()              # {task_id: program text}
    report = verify_solver("67a3c6ac")      # runs it on every train and test pair
    report.passed

`verify_solver` runs the program IN-PROCESS with `exec`. That is acceptable only because these files
are our own reviewed, trusted source shipped with the package; untrusted programs (anything a model
wrote) must go through `sandbox.run` instead.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from data.errors import UserError
from data.grid import Grid, is_grid

DATASET = "arc-agi-1"
SPLIT = "training"
_TASK_ID = re.compile(r"^[0-9a-f]{8}$")


def _programs_dir():
    return resources.files("arc_dsl.solvers") / "programs"


@lru_cache(maxsize=1)
def _load_all() -> tuple[tuple[str, str], ...]:
    entries = []
    for entry in _programs_dir().iterdir():
        task_id = entry.name.removesuffix(".py")
        if entry.name.endswith(".py") and _TASK_ID.match(task_id):
            entries.append((task_id, entry.read_text(encoding="utf-8")))
    return tuple(sorted(entries))


def load_solvers() -> dict[str, str]:
    """Every registered solver: {task_id: program text}, sorted by task id."""
    return dict(_load_all())


def solver_ids() -> list[str]:
    """The task ids that have a registered solver, sorted."""
    return [task_id for task_id, _ in _load_all()]


def solver_source(task_id: str) -> str:
    """The program text of a task's reference solver (UserError when there is none)."""
    for known, text in _load_all():
        if known == task_id:
            return text
    raise UserError(f"no reference solver for task {task_id!r}")


@dataclass(frozen=True)
class PairCheck:
    """The outcome of running a solver on one demonstration (train) or test pair."""

    split: str  # "train" | "test"
    index: int
    passed: bool
    error: str | None
    seconds: float
    output: Grid | None = None


@dataclass(frozen=True)
class SolverReport:
    """Every pair's outcome for one task's solver; `error` is set when the program itself is broken."""

    task_id: str
    pairs: tuple[PairCheck, ...]
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.pairs) and all(pair.passed for pair in self.pairs)

    @property
    def seconds(self) -> float:
        return sum(pair.seconds for pair in self.pairs)


def compile_solve(program: str, name: str = "<solver>"):
    """The `solve` function defined by trusted program text, executed in a fresh namespace."""
    namespace: dict = {"__name__": "arc_dsl_solver"}
    exec(compile(program, name, "exec"), namespace)  # noqa: S102  (trusted, shipped source only)
    solve = namespace.get("solve")
    if not callable(solve):
        raise ValueError("program does not define solve(I)")
    return solve


def verify_program(task_id: str, program: str, task=None) -> SolverReport:
    """Run trusted program text on every train and test pair of the task and compare outputs."""
    if task is None:
        from data import find_task

        task = find_task(task_id, DATASET)
    try:
        solve = compile_solve(program, f"{task_id}.py")
    except Exception as error:  # a broken file is a report, not a crash
        return SolverReport(task_id, (), f"{type(error).__name__}: {error}")
    checks = []
    for split, examples in (("train", task.train), ("test", task.test)):
        for index, example in enumerate(examples):
            start = time.perf_counter()
            output, error = None, None
            try:
                output = solve(example.input)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - start
            if error is None and not is_grid(output):
                error, output = f"returned {type(output).__name__}, not a grid", None
            passed = error is None and output == example.output
            checks.append(PairCheck(split, index, passed, error, seconds, output))
    return SolverReport(task_id, tuple(checks))


def verify_solver(task_id: str, task=None) -> SolverReport:
    """Run the registered solver of a task on all its pairs (in-process: trusted files only)."""
    return verify_program(task_id, solver_source(task_id), task)
