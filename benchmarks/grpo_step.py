"""Where a GRPO step's time goes on the demo setting: generation, reward (sandbox), and the rest (forward,
backward, optimizer update), from a real `arc-grpo` run of a few steps.

    python benchmarks/grpo_step.py [--model runs/demo/sft/merged] [--steps 5] [--recipe recipes/grpo/demo.yaml]
                                   [-- extra arc-grpo flags, e.g. --max_completion_length 128]

The run uses the recipe as it is (edit mode, 16 completions per step, one CPU thread) with `--max_steps`,
writes into a temporary folder, and prints the totals of its `timing.json`. `--model embedded` (the default)
builds the embedded student once if it is not cached; the demo's GRPO starts from the SFT output
(`runs/demo/sft/merged`), whose answers are longer, so pass that for the demo's own figures. Run it on a quiet
machine and compare two settings in the same session.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="embedded", help="student to start from (default: the embedded student)")
    parser.add_argument("--steps", type=int, default=5, help="optimizer steps to time (default 5)")
    parser.add_argument("--recipe", default=str(ROOT / "recipes" / "grpo" / "demo.yaml"))
    args, extra = parser.parse_known_args(argv)
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("WANDB_MODE", "disabled")

    from grpo.train import main as grpo_main

    with tempfile.TemporaryDirectory(prefix="grpo-bench-") as work:
        started = time.perf_counter()
        grpo_main(["--config", args.recipe, "--model_name_or_path", args.model, "--output_dir", work,
                   "--max_steps", str(args.steps), "--save_steps", str(args.steps + 1), "--report_to", "none",
                   *[a for a in extra if a != "--"]])
        wall = time.perf_counter() - started
        timing = json.loads((Path(work) / "timing.json").read_text())
    steps = max(1, timing["steps"])
    print(f"\nGRPO, {args.recipe} from {args.model}: {timing['steps']} steps, "
          f"{timing['step_seconds'] / steps:.1f} s per step ({wall:.0f} s with loading and saving)")
    print(f"{'part':<34}{'s/step':>8}{'share':>8}")
    for part, key in (("generation", "generation"), ("reward (sandbox)", "reward"),
                      ("forward, backward, update", "rest")):
        print(f"{part:<34}{timing[f'{key}_seconds'] / steps:>8.2f}{timing[f'{key}_share']:>8.1%}")


if __name__ == "__main__":
    sys.exit(main())
