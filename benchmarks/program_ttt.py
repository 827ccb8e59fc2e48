"""Program test-time training against plain sampling, same student, same held-out tasks, same samples.

    python benchmarks/program_ttt.py [--model embedded] [--tasks 24] [--samples 8] [--ttt-steps 16]
                                     [--temperature 0.7] [--out runs/bench/program_ttt]

Both arms run `arc-eval --solver program` on the first `--tasks` held-out ARC-AGI-1 training tasks that the
demo evaluates on (`sampler.export.choose_held_out`: held out of every training stage, with a reference
solver, ≤ 500 demonstration cells). "plain" samples `--samples` programs per task; "ttt" samples half,
adapts a copy of the student on their hindsight relabellings (`solvers.program_ttt`) and samples the
other half from it. No edit rounds, so the two arms differ only in where the second half comes from.
Prints, per arm: ARC score, tasks with a program that fits every demonstration pair, the mean best
demonstration reward, distinct runnable programs, and (ttt) hindsight rows and adaptation seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def held_out_ids(count: int) -> list[str]:
    from arc_dsl.solvers import load_solvers
    from sampler.export import choose_held_out

    return [task.id for task in choose_held_out("arc-agi-1", count=count, max_cells=500, programs=load_solvers())]


def run_arm(name: str, ids: list[str], args: argparse.Namespace) -> dict:
    out = Path(args.out) / name
    command = [sys.executable, "-m", "harness", "--solver", "program", "--split", "training", "--ids", ",".join(ids),
               "--samples", str(args.samples), "--rounds", "0", "--out", str(out), "--no-progress",
               "--set", f"temperature={args.temperature}", "--set", f"max_tokens={args.max_tokens}",
               "--set", "parallel_tasks=1", "--model", args.model]
    if name == "ttt":
        command += ["--set", f"ttt_steps={args.ttt_steps}"]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    seconds = time.perf_counter() - started
    report = json.loads((out / "report.json").read_text())
    records = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines() if line.strip()]
    infos = [r.get("info", {}) for r in records]
    return {
        "arm": name,
        "tasks": len(records),
        "arc_score": report["summary"]["score"],
        "pixel_accuracy": report["summary"]["pixel_accuracy"],
        "fitting_tasks": sum(i.get("fitting_programs", 0) > 0 for i in infos),
        "mean_best_demo_reward": sum(i.get("best_demo_reward", 0.0) for i in infos) / max(1, len(infos)),
        "programs": sum(i.get("samples", 0) for i in infos),
        "completions": sum(i.get("completions", 0) for i in infos),
        "ttt_rows": sum(i.get("ttt_rows", 0) for i in infos),
        "ttt_seconds": sum(i.get("ttt_seconds", 0.0) for i in infos),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="embedded", help="student: embedded, a model folder or an arc-sft/arc-grpo output")
    parser.add_argument("--tasks", type=int, default=24)
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--ttt-steps", type=int, default=16)
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--out", default="runs/bench/program_ttt")
    args = parser.parse_args()
    ids = held_out_ids(args.tasks)
    print(f"{len(ids)} held-out tasks, {args.samples} samples each, model {args.model}, T={args.temperature}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    rows = [run_arm(name, ids, args) for name in ("plain", "ttt")]
    header = ("arm", "arc_score", "pixel_accuracy", "fitting_tasks", "mean_best_demo_reward", "programs", "completions", "ttt_rows",
              "ttt_seconds", "seconds")
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(f"{row[k]:.3f}" if isinstance(row[k], float) else str(row[k]) for k in header) + " |")
    Path(args.out, "summary.json").write_text(json.dumps({"ids": ids, "args": vars(args), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
