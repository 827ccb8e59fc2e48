"""Edit prompts built from reference programs: realistic broken variants (`editing.mutate`, the offline teacher's
mutations) of a task's verified program, run in the sandbox, shown with their execution feedback.

GRPO's edit-mode rows and the held-out evaluation prompts of `arc-sample export` are both built here, so the
student is trained and scored on prompts of one kind:

    starts = mutated_starts(tasks, load_solvers(), per_task=2)
    rows = edit_rows(tasks, starts)      # prompt, task_id, augmentation, examples_json, mode, start_program, ...

Test outputs never enter a prompt or the sandbox: prompts come from `task.without_test_outputs()`.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from data.grid import as_lists
from data.hf import task_augmentations
from data.task import Task


def examples_json(task: Task) -> str:
    """The demonstration pairs of `task` as the JSON the reward functions read."""
    return json.dumps([{"input": as_lists(e.input), "output": as_lists(e.output)} for e in task.train],
                      separators=(",", ":"))


def variants(task: Task, num_augmentations: int, seed: int) -> list[tuple[str, Task]]:
    """(augmentation name, augmented task without test outputs), the original first."""
    return [(aug.name, aug.task(task).without_test_outputs())
            for aug in task_augmentations(task, num_augmentations, seed)]


def mutated_starts(tasks: Sequence[Task], programs: Mapping[str, str], *, per_task: int, seed: int = 0
                   ) -> dict[str, list[str]]:
    """Up to `per_task` distinct broken variants of each task's reference program (1-2 mutations each)."""
    from editing.mutate import mutate

    starts: dict[str, list[str]] = {}
    for task in tasks:
        program = programs.get(task.id)
        if program is None:
            continue
        rng = random.Random(zlib.crc32(f"{seed}:{task.id}".encode()))
        palette = {c for e in task.train for g in (e.input, e.output) for row in g for c in row}
        found: list[str] = []
        for attempt in range(per_task * 8):
            mutant = mutate(program, rng, palette=palette, count=1 + attempt % 2)
            if mutant is not None and mutant.program not in found:
                found.append(mutant.program)
            if len(found) == per_task:
                break
        if found:
            starts[task.id] = found
    return starts


def edit_rows(tasks: Sequence[Task], starts: Mapping[str, Sequence[str]], *, num_augmentations: int = 0,
              seed: int = 0, style: str = "compact", timeout_s: float = 1.0) -> list[dict[str, Any]]:
    """Edit-mode rows: task + start program + its execution feedback, reward = r(child) - r(start)."""
    from editing.prompts import edit_messages
    from rewards import score_execution
    from sandbox import run_many

    cases = [(task, name, variant, program) for task in tasks if task.id in starts
             for name, variant in variants(task, num_augmentations, seed) for program in starts[task.id]]
    results = run_many([(program, variant.train_inputs) for _, _, variant, program in cases], timeout_s=timeout_s)
    rows = []
    for (task, name, variant, program), result in zip(cases, results, strict=True):
        score = score_execution(result, variant.train_outputs)
        if score.solved:
            continue
        rows.append({"prompt": edit_messages(variant, program, result, style=style), "task_id": task.id,
                     "augmentation": name, "examples_json": examples_json(variant), "mode": "edit",
                     "start_program": program, "start_reward": float(score.total)})
    return rows
