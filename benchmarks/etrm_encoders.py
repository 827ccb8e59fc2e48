"""ETRM's encoders compared at equal CPU budget: the generalisation recipe (recipes/grid/etrm_generalise.yaml:
train on the ARC-AGI-1 training tasks that fit a 12×12 canvas minus the declared held-out split, evaluate on the
held-out training tasks of the same size class, predicted from their demonstrations alone) run once per encoder
through the real `arc-grid train` command, same steps / batch / model size; prints one table.

    nice -n 19 python benchmarks/etrm_encoders.py                       # all five encoders, 2 runs at a time
    python benchmarks/etrm_encoders.py --only standard,lpn --jobs 1
    python benchmarks/etrm_encoders.py --reuse                          # re-print from finished runs

Columns: held-out exact match (per augmented view, and pass@1 per test pair after voting over views), the tasks
solved (all test pairs right at pass@1) out of the held-out tasks, the same on a sample of the training pairs
(leave-one-out demonstrations), the encoder's cross-sample variance and gradient share (grad/encoder_norm /
grad/total_norm, mean over the run's log lines; ETRM's early-stop floors are 0.05 each), and the CPU seconds of
the run (its process time, training and evaluation). A run's `trained_task_ids` are checked against the
held-out tasks it was scored on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ENCODERS = ("standard", "variational", "lpn", "hybrid", "recurrent")
LABELS = {"recurrent": "recurrent (ETRM²)"}


def command(config: str, encoder: str, folder: Path, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "solvers.grid", "train", "--config", config, "--encoder", encoder,
            "--output_dir", str(folder), "--resume", "false", *extra]


def run_all(config: str, encoders: list[str], out: Path, jobs: int, extra: list[str], reuse: bool) -> None:
    """Train every encoder that has no summary yet (or all, without --reuse), `jobs` at a time."""
    pending = [e for e in encoders if not (reuse and (out / e / "grid" / "summary.json").exists())]
    running: list[tuple[str, subprocess.Popen, float]] = []
    while pending or running:
        while pending and len(running) < jobs:
            encoder = pending.pop(0)
            folder = out / encoder / "grid"
            folder.mkdir(parents=True, exist_ok=True)
            for stale in ("metrics.jsonl", "summary.json"):
                (folder / stale).unlink(missing_ok=True)
            log = open(folder.parent / "train.log", "w")  # noqa: SIM115 (closed with the process)
            cmd = command(config, encoder, folder, extra)
            print(f"start {encoder}: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
            running.append((encoder, subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), time.time()))
        time.sleep(2)
        for item in list(running):
            encoder, process, began = item
            if process.poll() is not None:
                running.remove(item)
                state = "done" if process.returncode == 0 else f"FAILED (rc {process.returncode}, see train.log)"
                print(f"{encoder}: {state} in {time.time() - began:.0f} s wall", file=sys.stderr, flush=True)


def row(encoder: str, folder: Path) -> dict | None:
    """The table's figures of one finished run (None when it has no summary)."""
    from data.splits import is_held_out

    if not (folder / "summary.json").exists():
        return None
    summary = json.loads((folder / "summary.json").read_text())
    run_config = json.loads((folder / "run_config.json").read_text())
    trained, held = set(run_config["trained_task_ids"]), set(run_config["holdout_task_ids"])
    lines = [json.loads(line) for line in (folder / "metrics.jsonl").read_text().splitlines()]
    train_lines = [line for line in lines if "grad/encoder_ratio" in line]

    def mean(key: str) -> float:
        values = [line[key] for line in train_lines if key in line]
        return sum(values) / len(values) if values else float("nan")

    return {
        "encoder": LABELS.get(encoder, encoder),
        "steps": summary["step"],
        "holdout_exact": summary.get("holdout/exact_accuracy", 0.0),
        "holdout_examples": summary.get("holdout/examples", 0),
        "holdout_pass1": summary.get("holdout/pass@1", 0.0),
        "holdout_pairs": summary.get("holdout/pairs", 0),
        "holdout_tasks_solved": round(summary.get("holdout/task_pass@1", 0.0) * summary.get("holdout/tasks", 0)),
        "holdout_tasks": summary.get("holdout/tasks", 0),
        "train_exact": summary.get("eval_train/exact_accuracy", 0.0),
        "train_pass1": summary.get("eval_train/pass@1", 0.0),
        "train_examples": summary.get("eval_train/examples", 0),
        "train_tasks": len(trained),
        "cross_sample_var": train_lines[-1].get("train/encoder_cross_sample_var", float("nan")) if train_lines else float("nan"),
        "cross_sample_var_mean": mean("train/encoder_cross_sample_var"),
        "encoder_grad_share": mean("grad/encoder_ratio"),
        "encoder_grad_norm": mean("grad/encoder_norm"),
        "cpu_seconds": summary.get("cpu_seconds", float("nan")),
        "clean": not (trained & held) and not any(is_held_out(t) for t in trained),
    }


def table(rows: list[dict]) -> str:
    if not rows:
        return "no finished runs"
    first = rows[0]
    lines = [
        f"ETRM encoders, {first['steps']} steps each; trained on {first['train_tasks']} ARC-AGI-1 training tasks "
        f"(12x12 class, held-out split excluded); held out: {first['holdout_tasks']} tasks, "
        f"{first['holdout_pairs']} test pairs, {first['holdout_examples']} augmented views",
        "| encoder | held-out exact (views) | held-out pass@1 (pairs) | held-out tasks solved | train exact "
        f"({first['train_examples']} views) | train pass@1 | cross-sample var (last / mean) | encoder grad share "
        "| encoder grad norm | CPU s | trained ∩ held-out |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['encoder']} | {r['holdout_exact']:.1%} | {r['holdout_pass1']:.1%} | "
            f"{r['holdout_tasks_solved']}/{r['holdout_tasks']} | {r['train_exact']:.1%} | {r['train_pass1']:.1%} | "
            f"{r['cross_sample_var']:.3f} / {r['cross_sample_var_mean']:.3f} | {r['encoder_grad_share']:.3f} | "
            f"{r['encoder_grad_norm']:.3f} | {r['cpu_seconds']:.0f} | {'none' if r['clean'] else 'OVERLAP'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="recipes/grid/etrm_generalise.yaml")
    parser.add_argument("--only", default=",".join(ENCODERS), help="Comma-separated encoders.")
    parser.add_argument("--out", default="runs/etrm_encoders", help="One run folder per encoder under this.")
    parser.add_argument("--jobs", type=int, default=2, help="Runs at a time (each uses the recipe's num_threads).")
    parser.add_argument("--reuse", action="store_true", help="Keep runs that already have a summary.json.")
    parser.add_argument("--json", default="", help="Also write the rows to this file.")
    args, extra = parser.parse_known_args()  # anything else is passed to arc-grid train (--max_steps 50 ...)
    encoders = [e for e in args.only.split(",") if e]
    unknown = sorted(set(encoders) - set(ENCODERS))
    if unknown:
        parser.error(f"unknown encoders {unknown}; choose from {', '.join(ENCODERS)}")
    out = Path(args.out)
    run_all(args.config, encoders, out, args.jobs, extra, args.reuse)
    rows = [r for e in encoders if (r := row(e, out / e / "grid")) is not None]
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
