"""Test-time training of a grid model (`arc-eval --solver trm-ttt`) on ARC-AGI-1 evaluation tasks: the
headline run and the comparison table; prints both as Markdown.

    nice -n 19 python benchmarks/grid_ttt.py                    # both parts, defaults below
    nice -n 19 python benchmarks/grid_ttt.py --part main --tasks 40 --time-budget 25 [--loo --out runs/bench/loo]
    nice -n 19 python benchmarks/grid_ttt.py --part compare --compare-tasks 16 [--checkpoint runs/<pretrained>/grid]

Tasks: the ARC-AGI-1 evaluation tasks whose grids all fit the recipe's canvas (114 on 12×12), or a
fixed random subset of them (`--tasks N`, `--seed`). `main` runs the harness itself (resumable,
`<out>/main`), exactly as `arc-eval --solver trm-ttt --ids @<out>/main_ids.txt` would. `compare` trains
each variant once per task (from scratch with and without the leave-one-out phase; from `--checkpoint`
when given) and predicts with 1, 8 and 32 views of the same trained model; every (task, variant) is one
line of `<out>/compare.jsonl`, so a rerun resumes. Figures are ARC score (pass@2, partial credit for
several test inputs), pass@1 and pixel accuracy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
from pathlib import Path

VIEW_COUNTS = (1, 8, 32)


def fitting_ids(side: int, count: int | None, seed: int) -> list[str]:
    """Evaluation task ids whose grids all fit a side×side canvas; the first `count` of a seeded shuffle of
    them (so a smaller count is a subset of a larger one), sorted."""
    from data.loaders import load_tasks
    from solvers.grid.ttt import skip_reason

    ids = sorted(t.id for t in load_tasks("arc-agi-1", "evaluation") if skip_reason(t, side) is None)
    random.Random(seed).shuffle(ids)
    return sorted(ids[:count] if count is not None else ids)


def run_main(ids: list[str], out: Path, budget: float, workers: int, loo: bool) -> dict:
    """The harness run of the solver (default settings, or with the leave-one-out phase) on `ids`; its summary."""
    from data.loaders import load_tasks
    from harness.runner import evaluate
    from solvers.registry import make_solver

    (out / "main_ids.txt").write_text("\n".join(ids) + "\n")
    options = {"time_budget": budget, "workers": workers, **({"loo": True} if loo else {})}
    solver = make_solver("trm-ttt", **options)
    summary = evaluate(solver, load_tasks("arc-agi-1", "evaluation", ids=ids), out / "main", options=options)
    return summary.to_dict()


def compare_job(task_id: str, variant: str, budget: float, checkpoint: str | None) -> dict:
    """Train one variant on one task; score its predictions over 1 / 8 / 32 views (pool worker)."""
    import time

    from data.loaders import load_tasks
    from harness.scoring import score_task
    from solvers.grid.solver import GridSolver
    from solvers.grid.ttt import DEFAULT_RECIPE, TTTSettings, load_configs, start_weights, train_on_task

    task = load_tasks("arc-agi-1", "evaluation", ids=[task_id])[0]
    blind = task.without_test_outputs()
    configs = load_configs(DEFAULT_RECIPE)
    import torch

    torch.set_num_threads(configs.training.num_threads or 1)
    settings = TTTSettings(time_budget=budget, loo=variant.endswith("+loo"))
    began = time.process_time()
    start = start_weights(checkpoint) if variant.startswith("pretrained") else None
    row = {"task_id": task_id, "variant": variant, "views": {}}
    with tempfile.TemporaryDirectory(prefix="ttt-bench-") as tmp:
        model_dir, logs = train_on_task(blind, configs, settings, Path(tmp), start)
        row["train_cpu_seconds"] = round(time.process_time() - began, 2)
        row["held_out_pair_solved"] = logs[0].stopped == "held-out pair exact" if len(logs) == 2 else None
        for views in VIEW_COUNTS:
            prediction = GridSolver(model_dir, views=views - 1).predict_detailed(blind)
            score = score_task(task_id, prediction.attempts, [e.output for e in task.test])
            row["views"][str(views)] = {"score": score.score, "pass@1": score.pass_at_1, "pass@2": score.pass_at_2,
                                        "pixel_accuracy": score.pixel_accuracy}
    return row


def run_compare(ids: list[str], out: Path, budget: float, workers: int, checkpoint: str | None,
                variants: list[str]) -> list[dict]:
    """Every (task, variant) not yet in compare.jsonl, over a process pool; all rows."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    path = out / "compare.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    if not checkpoint:
        variants = [v for v in variants if not v.startswith("pretrained")]
    done = {(r["task_id"], r["variant"]) for r in rows}
    jobs = [(t, v) for t in ids for v in variants if (t, v) not in done]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(compare_job, t, v, budget, checkpoint) for t, v in jobs]
        for future in as_completed(futures):
            row = future.result()
            rows.append(row)
            with path.open("a") as handle:
                handle.write(json.dumps(row) + "\n")
            print(f"  {row['task_id']} {row['variant']}: {row['views']['32']}", flush=True)
    return [r for r in rows if r["task_id"] in set(ids) and r["variant"] in variants]


def compare_table(rows: list[dict]) -> str:
    """Markdown: one line per (variant, views) with the mean task figures."""
    lines = ["| variant | views | tasks | ARC score (pass@2) | pass@1 | pixel accuracy | held-out pair solved |",
             "|---|---|---|---|---|---|---|"]
    for variant in dict.fromkeys(r["variant"] for r in rows):
        mine = [r for r in rows if r["variant"] == variant]
        solved = [r["held_out_pair_solved"] for r in mine if r["held_out_pair_solved"] is not None]
        for views in VIEW_COUNTS:
            cells = [r["views"][str(views)] for r in mine]
            mean = {k: sum(c[k] for c in cells) / len(cells) for k in ("score", "pass@1", "pixel_accuracy")}
            held = f"{sum(solved)}/{len(solved)}" if solved else "–"
            lines.append(f"| {variant} | {views} | {len(mine)} | {mean['score']:.1%} | {mean['pass@1']:.1%} | "
                         f"{mean['pixel_accuracy']:.1%} | {held} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("main", "compare", "both"), default="both")
    parser.add_argument("--tasks", type=int, default=40, help="Random subset of the fitting tasks (0 = all).")
    parser.add_argument("--compare-tasks", type=int, default=16, help="Subset of those for the comparison.")
    parser.add_argument("--time-budget", type=float, default=25.0, help="CPU seconds per task (and variant).")
    parser.add_argument("--checkpoint", default=None, help="Pre-trained grid model for the 'pretrained' rows.")
    parser.add_argument("--loo", action="store_true", help="Main run with the leave-one-out phase.")
    parser.add_argument("--variants", default="scratch+loo,scratch,pretrained+loo,pretrained",
                        help="Comparison rows: scratch | pretrained, with +loo for the leave-one-out phase.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("runs/bench/grid_ttt"))
    args = parser.parse_args()
    from solvers.grid.ttt import DEFAULT_RECIPE, load_configs

    side = load_configs(DEFAULT_RECIPE).data.canvas_side
    every = fitting_ids(side, None, args.seed)
    ids = fitting_ids(side, args.tasks or None, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{len(every)} ARC-AGI-1 evaluation tasks fit {side}x{side}; main run on {len(ids)} "
          f"(seed {args.seed}), {args.time_budget:g} CPU-s per task, {args.workers} workers")
    if args.part in ("main", "both"):
        summary = run_main(ids, args.out, args.time_budget, args.workers, args.loo)
        print("\n| tasks | ARC score (pass@2) | pass@1 | pixel accuracy | solved |\n|---|---|---|---|---|")
        print(f"| {summary['tasks']} | {summary['score']:.1%} | {summary['pass@1']:.1%} | "
              f"{summary['pixel_accuracy']:.1%} | {', '.join(summary['solved_ids']) or '–'} |\n")
    if args.part in ("compare", "both"):
        subset = fitting_ids(side, min(args.compare_tasks, len(ids)), args.seed)  # a subset of the main run's
        rows = run_compare(subset, args.out, args.time_budget, args.workers, args.checkpoint,
                           args.variants.split(","))
        print(f"\nComparison on {len(subset)} tasks, {args.time_budget:g} CPU-s per task and variant:\n")
        print(compare_table(rows))


if __name__ == "__main__":
    main()
