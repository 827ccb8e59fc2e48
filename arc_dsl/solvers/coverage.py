"""Coverage of the reference solvers: how many ARC-AGI-1 tasks per split have a verified solver,
which primitives the solvers use, how long the solvers are and how fast they run.

    from arc_dsl.solvers.coverage import coverage
    coverage()["splits"]["training"]["verified"]      # `arc-dsl coverage --json` prints the whole dict
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable

from arc_dsl.solvers import DATASET, SolverReport, load_solvers, verify_program


def _spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {"min": 0, "median": 0, "max": 0}
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def coverage(progress: Callable[[Iterable], Iterable] | None = None) -> dict:
    """Verify every registered solver and summarise: per split (tasks, registered, verified, failing),
    primitive usage, solver lengths (lines, characters) and run time per solver (all its pairs)."""
    from arc_dsl.docs import usage_counts
    from data import load_tasks

    programs = load_solvers()
    tasks = {split: {task.id: task for task in load_tasks(DATASET, split)} for split in ("training", "evaluation")}
    items = list(programs.items())
    reports: dict[str, SolverReport] = {}
    for task_id, program in (progress(items) if progress else items):
        task = tasks["training"].get(task_id) or tasks["evaluation"].get(task_id)
        if task is not None:
            reports[task_id] = verify_program(task_id, program, task)
    splits = {}
    for split, by_id in tasks.items():
        registered = sorted(task_id for task_id in programs if task_id in by_id)
        verified = [task_id for task_id in registered if reports[task_id].passed]
        splits[split] = {
            "tasks": len(by_id),
            "registered": len(registered),
            "verified": len(verified),
            "failing": sorted(set(registered) - set(verified)),
        }
    usage = usage_counts(programs.values())
    body_lines = [len([line for line in text.splitlines()[3:] if line.strip()]) for text in programs.values()]
    return {
        "dataset": DATASET,
        "splits": splits,
        "verified": sum(split["verified"] for split in splits.values()),
        "unknown_task_ids": sorted(set(programs) - set(reports)),
        "primitives": {
            "count": len(usage),
            "used": sum(1 for count in usage.values() if count),
            "usage": usage,
        },
        "solver_lengths": {
            "lines": _spread(body_lines),
            "chars": _spread([len(text) for text in programs.values()]),
        },
        "solver_seconds": _spread([report.seconds for report in reports.values()]),
    }
