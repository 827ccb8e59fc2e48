"""`search` teacher: the offline teacher's traces for tasks that no one wrote a solver for.

The offline teacher needs a verified program per task; the hand-written reference solvers cover 383 of
ARC-AGI-1's 400 training tasks and none of ARC-AGI-2's new ones. This teacher finds programs itself with
the DSL search (`solvers.search`) and then teaches exactly as the offline teacher does (broken first
attempts, partial and full repairs with reasoning from execution feedback):

- `prepare(tasks)` (called by the sampler's task selection) searches every task not searched before, a
  process pool over tasks, `time_budget` CPU seconds each, the search seeing the demonstrations and the
  test inputs only;
- a found program becomes the task's verified program only when, run in the sandbox (the executor every
  model program goes through, not the search's in-process one), it reproduces every demonstration pair
  and, where the test outputs are known (training splits), every test pair too: a program that fits the
  demonstrations by coincidence would teach a wrong rule. The simplest program that passes is kept;
- held-out tasks (`data.splits`) are never searched, whatever the recipe allows;
- tasks with a reference solver are left to the offline teacher unless `skip_reference` is off.

Every searched task is appended to `programs_cache` (JSONL: task_id, program or null, the search's
states and seconds), so a rerun resumes without searching again; the sampler puts it in the run folder.
Registered in `sampler.backends.BACKENDS` as `search`. Options: `time_budget`, `max_depth`, `workers` (0 = every core), `programs_cache`, `skip_reference`, and
the offline teacher's (`p_full_fix`, `p_misguided`, `timeout_s`, `seed`). `programs_file` is not used.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.splits import task_is_held_out
from data.task import Task
from sampler.backends.offline import OfflineBackend


@dataclass
class SearchBackend(OfflineBackend):
    name: str = "search"
    model: str = "search-teacher"
    time_budget: float = 10.0
    max_depth: int = 3
    workers: int = 0
    programs_cache: str | None = None
    skip_reference: bool = True

    def __post_init__(self) -> None:
        if self.programs_file:
            raise UserError("search: programs_file is the offline teacher's option; the search teacher finds "
                            "its programs (use --teacher offline to teach from a file)")
        super().__post_init__()
        if self.time_budget <= 0 or self.max_depth < 1 or self.workers < 0:
            raise UserError("search: time_budget must be > 0, max_depth >= 1, workers >= 0")
        self.searched: dict[str, dict[str, Any]] = {}  # task id → cache record
        if self.programs_cache and Path(self.programs_cache).is_file():
            for line in Path(self.programs_cache).read_text().splitlines():
                if line.strip():
                    record = json.loads(line)
                    self.searched[record["task_id"]] = record

    @cached_property
    def programs(self) -> dict[str, str]:
        """Verified programs by task id: the ones this teacher found (filled by `prepare`)."""
        return {task_id: r["program"] for task_id, r in self.searched.items() if r.get("program")}

    @cached_property
    def _reference_ids(self) -> frozenset[str]:
        from arc_dsl.solvers import load_solvers

        return frozenset(load_solvers())

    def wants(self, task: Task) -> bool:
        """Whether this teacher searches the task: never a held-out one, nor (by default) one with a reference solver."""
        return not task_is_held_out(task) and not (self.skip_reference and task.id in self._reference_ids)

    def prepare(self, tasks: Sequence[Task]) -> None:
        """Search every wanted task not searched yet and keep the programs that pass verification."""
        from solvers.search.solver import SearchSolver

        todo = [t for t in tasks if self.wants(t) and t.id not in self.searched]
        if not todo:
            return
        workers = min(len(todo), self.workers or len(os.sched_getaffinity(0)))
        self._say(f"search teacher: searching {len(todo)} task(s), {self.time_budget:g} CPU-s each, {workers} "
                  f"worker(s) (about {len(todo) * self.time_budget / workers / 60:.1f} min)")
        solver = SearchSolver(time_budget=self.time_budget, workers=workers, max_depth=self.max_depth)
        started, verified = time.monotonic(), 0
        # The search sees the demonstrations and the test inputs only; verification below sees the rest.
        results = solver.predict_stream([t.without_test_outputs() for t in todo])
        for done, (index, prediction) in enumerate(results, 1):
            task = todo[index]
            program = self.verified_program(task, prediction.info["programs"], prediction.info["fits"])
            verified += program is not None
            self._remember({"task_id": task.id, "dataset": task.dataset, "split": task.split, "program": program,
                            "exact_fits": prediction.info["exact_fits"],
                            "states": prediction.info["states"], "seconds": prediction.info["search_seconds"],
                            "time_budget": self.time_budget, "max_depth": self.max_depth})
            self._say(f"search teacher: {done}/{len(todo)} searched, {verified} verified "
                      f"({task.id}: {'program' if program else 'none'}; {time.monotonic() - started:.0f} s)")

    def verified_program(self, task: Task, programs: Sequence[str], fits: Sequence[float]) -> str | None:
        """The first exact-fit program that reproduces every demonstration and known test pair in the sandbox."""
        from editing.execution import score_programs

        candidates = [p for p, fit in zip(programs, fits, strict=True) if fit >= 1.0]
        if not candidates:
            return None
        known_tests = tuple(e for e in task.test if e.output is not None)
        checked = Task(task.id, task.train + known_tests, task.test, task.dataset, task.split)
        for scored in score_programs(candidates, checked, timeout_s=self.timeout_s):
            if scored.solved:
                return scored.program
        return None

    def has_program(self, task_id: str) -> bool:
        return task_id in self.programs

    def _remember(self, record: dict[str, Any]) -> None:
        self.searched[record["task_id"]] = record
        if record["program"]:
            self.programs[record["task_id"]] = record["program"]
        if self.programs_cache:
            path = Path(self.programs_cache)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a") as handle:
                handle.write(json.dumps(record) + "\n")

    @staticmethod
    def _say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)  # progress of a long search, beside the sampler's own bar
