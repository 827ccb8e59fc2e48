"""Fixtures for the SFT tests: a tiny embedded model (same build path as the real one, seconds to build) and a
small trace dataset in the sampler's export format, made from reference solvers.
"""

from __future__ import annotations

import json
import random

import pytest


def small_task_ids(count: int) -> list[str]:
    """Task ids with a reference solver and the fewest demonstration cells (short prompts)."""
    from arc_dsl.solvers import load_solvers
    from data import load_tasks

    tasks = load_tasks("arc-agi-1", "training", ids=sorted(load_solvers()))
    cells = {t.id: sum(len(g) * len(g[0]) for e in t.train for g in (e.input, e.output)) for t in tasks}
    return sorted(cells, key=lambda task_id: (cells[task_id], task_id))[:count]


def trace_rows(task_ids: list[str]) -> list[dict]:
    """Rows like the sampler's export: a write row (reference program) and an edit row (mutant → reference)."""
    from arc_dsl.solvers import load_solvers
    from data import load_tasks
    from editing.mutate import mutate
    from editing.prompts import edit_messages, write_messages
    from rewards import score_execution
    from sandbox import run
    from student.corpus import completion_for

    solvers = load_solvers()
    rows = []
    for task in load_tasks("arc-agi-1", "training", ids=task_ids):
        program = solvers[task.id]
        common = {
            "task_id": task.id,
            "examples_json": json.dumps([{"input": e.input, "output": e.output} for e in task.train]),
            "completion": [{"role": "assistant", "content": completion_for(program)}],
        }
        rows.append({**common, "prompt": write_messages(task, style="compact"), "mode": "write",
                     "start_program": "", "start_reward": 0.0})
        mutant = mutate(program, random.Random(task.id))
        if mutant is not None:
            result = run(mutant.program, task.train_inputs)
            rows.append({**common, "prompt": edit_messages(task, mutant.program, result, style="compact"),
                         "mode": "edit", "start_program": mutant.program,
                         "start_reward": score_execution(result, task.train_outputs).total})
    return rows


@pytest.fixture(scope="session")
def tiny_model(tiny_embedded_model):
    return tiny_embedded_model


@pytest.fixture(scope="session")
def trace_dataset(tmp_path_factory):
    """A saved DatasetDict (train: 4 tasks, eval: 2 other tasks) in the sampler's export format."""
    from datasets import Dataset, DatasetDict

    ids = small_task_ids(6)
    folder = tmp_path_factory.mktemp("traces") / "dataset"
    DatasetDict({"train": Dataset.from_list(trace_rows(ids[:4])),
                 "eval": Dataset.from_list(trace_rows(ids[4:]))}).save_to_disk(str(folder))
    return folder
