"""Score one student model on a dataset's prompts, the same way SFT's before/after hook does.

The demo runs it for the base (embedded), SFT and GRPO models on the same prompts of both splits (the
training tasks the student was trained on, and the held-out tasks), so the figures are comparable (same
rows, same decoding and seed, same sandbox reward):

    python -m sft.evaluate_model --model embedded --dataset runs/demo/dataset --label base \
        --split train,eval --out 'runs/demo/student/{split}/base.json' --num-samples 4 --temperature 0.7
    python -m sft.evaluate_model --model runs/demo/grpo --dataset runs/demo/dataset --label grpo \
        --split train,eval --out 'runs/demo/student/{split}/grpo.json' --save-merged runs/demo/grpo/merged

`--model` takes "embedded", a model folder, or an `arc-sft` / `arc-grpo` output folder, loaded by
`student.load_student`'s rule (its `merged/` copy, else the LoRA adapter merged into its base on load;
`--save-merged` keeps that merged copy for later stages such as `arc-eval --solver program`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from data.cli_runner import run_cli
from data.errors import UserError


def load_model(name_or_path: str):
    """(model, tokenizer) for "embedded", a model folder, or an SFT/GRPO output folder (`student.load_student`)."""
    from student import load_student

    model, tokenizer, _ = load_student(name_or_path)
    return model.eval(), tokenizer


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sft.evaluate_model", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help='"embedded", a model folder or a LoRA adapter folder')
    parser.add_argument("--dataset", required=True, help="a dataset folder written by `arc-sample export`")
    parser.add_argument("--split", default="eval",
                        help="dataset split(s) to score, comma-separated (default: eval)")
    parser.add_argument("--label", required=True, help="name of this model in the report (e.g. base, sft)")
    parser.add_argument("--out", required=True,
                        help="JSON report to write; with several splits it must contain {split}")
    parser.add_argument("--max-prompts", type=int, default=16,
                        help="N prompts of the split, spread over its tasks (each task's first row, then second, ...)")
    parser.add_argument("--max-new-tokens", type=int, default=384)
    parser.add_argument("--num-samples", type=int, default=1, help="samples per prompt")
    parser.add_argument("--temperature", type=float, default=0.0,
                        help="sampling temperature (0 = greedy, which needs --num-samples 1)")
    parser.add_argument("--save-merged", default=None, help="also save the loaded (merged) model here")
    args = parser.parse_args(argv)

    from datasets import load_from_disk

    from sft.evaluate import evaluate_rows, save_report
    from sft.traces import evaluation_rows

    try:
        dataset = load_from_disk(args.dataset)
    except FileNotFoundError:
        raise UserError(f"--dataset {args.dataset}: not a saved dataset folder") from None
    splits = [name.strip() for name in args.split.split(",") if name.strip()]
    missing = [name for name in splits if name not in dataset]
    if not splits or missing:
        raise UserError(f"--dataset {args.dataset} has no split {', '.join(missing) or repr(args.split)} "
                        f"(has {', '.join(dataset)})")
    if len(splits) > 1 and "{split}" not in args.out:
        raise UserError("--out must contain {split} when several splits are scored")
    if args.temperature <= 0 and args.num_samples != 1:
        raise UserError("--num-samples > 1 needs --temperature > 0 (greedy decoding gives one answer)")
    model, tokenizer = load_model(args.model)
    if args.save_merged:
        model.save_pretrained(args.save_merged)
        tokenizer.save_pretrained(args.save_merged)
    for split in splits:
        rows = evaluation_rows(dataset[split], args.max_prompts)
        report = evaluate_rows(model, tokenizer, rows, label=f"{args.label} ({split})", num_samples=args.num_samples,
                               max_new_tokens=args.max_new_tokens, temperature=args.temperature)
        out = Path(args.out.replace("{split}", split))
        out.parent.mkdir(parents=True, exist_ok=True)
        save_report(report, out)
        print(report.summary())

if __name__ == "__main__":
    run_cli(lambda: main(sys.argv[1:]), "python -m sft.evaluate_model")
