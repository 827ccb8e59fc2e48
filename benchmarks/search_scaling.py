"""The search solver's scaling curve: tasks solved and states/s at several CPU budgets per task.

    python benchmarks/search_scaling.py [--budgets 10,30,60] [--tasks 40] [--split evaluation] [--seed 0]
                                        [--workers N] [--ids a,b,c] [--list]

Runs `solvers.search.solver.solve_task` (what `arc-eval --solver search` runs per task) on a fixed,
seeded random sample of ARC-AGI-1 tasks (or `--ids`), once per budget, `--workers` tasks at a time
(default: all cores), and prints per budget: tasks solved (a test output exactly right within 2 attempts,
scored against the truths here, after the search), the ARC score, the states explored per CPU-second
(the engine's speed: step applications that gave a new state), and the wall time. Budgets are CPU
seconds, so the figures survive a busy machine better than wall-clock ones, but run it on quiet cores
when states/s is what you compare.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _one(args: tuple[str, str, float]) -> tuple[str, float, int, float]:
    """(task id, ARC score of the task, states, search CPU-seconds) for one task at one budget."""
    from data import load_tasks
    from harness.scoring import score_task
    from solvers.search.solver import solve_task

    split, task_id, budget = args
    task = load_tasks("arc-agi-1", split, ids=[task_id])[0]
    prediction = solve_task(task.without_test_outputs(), budget, 3, None)
    scored = score_task(task.id, prediction.attempts, [example.output for example in task.test])
    return task_id, float(scored.score), int(prediction.info["states"]), float(prediction.info["search_seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budgets", default="10,30,60", help="CPU seconds per task, comma-separated")
    parser.add_argument("--tasks", type=int, default=40)
    parser.add_argument("--split", default="evaluation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ids", default="", help="comma-separated task ids instead of a random sample")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--list", action="store_true", help="also print the ids of the tasks solved at each budget")
    args = parser.parse_args()

    from data import load_tasks

    ids = args.ids.split(",") if args.ids else sorted(t.id for t in load_tasks("arc-agi-1", args.split))
    if not args.ids:
        random.Random(args.seed).shuffle(ids)
        ids = sorted(ids[:args.tasks])
    budgets = [float(b) for b in args.budgets.split(",")]
    print(f"{len(ids)} ARC-AGI-1 {args.split} tasks, {args.workers} workers, load average {os.getloadavg()[0]:.2f}")
    print(f"{'budget s':>9} {'solved':>8} {'ARC score':>10} {'states/s':>10} {'wall s':>8}")
    for budget in budgets:
        started = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            rows = list(pool.map(_one, [(args.split, task_id, budget) for task_id in ids]))
        wall = time.perf_counter() - started
        states, cpu = sum(r[2] for r in rows), sum(r[3] for r in rows)
        score = sum(r[1] for r in rows) / len(rows)
        solved = sum(r[1] > 0 for r in rows)
        print(f"{budget:>9g} {solved:>8} {score:>10.1%} {states / max(cpu, 1e-9):>10,.0f} {wall:>8.0f}", flush=True)
        if args.list:
            print(f"{'':>9} solved: {' '.join(r[0] for r in rows if r[1] > 0) or '-'}", flush=True)


if __name__ == "__main__":
    main()
