"""Score one student model on a dataset's prompts, the same way SFT's before/after hook does.

The demo runs it for the base (embedded), SFT and GRPO models on the same held-out prompts, so the
three figures are comparable (same rows, same greedy decoding, same sandbox reward):

    python -m sft.evaluate_model --model embedded --dataset runs/demo/dataset --label base \
        --out runs/demo/student/base.json
    python -m sft.evaluate_model --model runs/demo/grpo --dataset runs/demo/dataset --label grpo \
        --out runs/demo/student/grpo.json --save-merged runs/demo/grpo/merged

`--model` takes "embedded", a model folder, or a LoRA adapter folder (merged into its base on load;
`--save-merged` keeps that merged copy for later stages such as `arc-eval --solver program`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from data.errors import UserError, run_cli


def load_model(name_or_path: str):
    """(model, tokenizer) for "embedded", a model folder, or a LoRA adapter folder (merged)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from sft.embedded import resolve_model

    path = resolve_model(name_or_path)
    if not Path(path).exists():
        raise UserError(f"--model {name_or_path}: no such folder")
    if (Path(path) / "adapter_config.json").is_file():
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(path).merge_and_unload()
    else:
        model = AutoModelForCausalLM.from_pretrained(path)
    return model.eval(), AutoTokenizer.from_pretrained(path)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sft.evaluate_model", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help='"embedded", a model folder or a LoRA adapter folder')
    parser.add_argument("--dataset", required=True, help="a dataset folder written by `arc-sample export`")
    parser.add_argument("--split", default="eval", help="dataset split to score (default: eval)")
    parser.add_argument("--label", required=True, help="name of this model in the report (e.g. base, sft)")
    parser.add_argument("--out", required=True, help="JSON report to write")
    parser.add_argument("--max-prompts", type=int, default=16, help="first N prompts of the split")
    parser.add_argument("--max-new-tokens", type=int, default=384)
    parser.add_argument("--num-samples", type=int, default=1, help="samples per prompt (1 = greedy)")
    parser.add_argument("--save-merged", default=None, help="also save the loaded (merged) model here")
    args = parser.parse_args(argv)

    from datasets import load_from_disk

    from sft.evaluate import evaluate_rows, save_report

    try:
        dataset = load_from_disk(args.dataset)
    except FileNotFoundError:
        raise UserError(f"--dataset {args.dataset}: not a saved dataset folder") from None
    if args.split not in dataset:
        raise UserError(f"--dataset {args.dataset} has no split {args.split!r} (has {', '.join(dataset)})")
    rows = list(dataset[args.split].select(range(min(args.max_prompts, len(dataset[args.split])))))
    model, tokenizer = load_model(args.model)
    if args.save_merged:
        model.save_pretrained(args.save_merged)
        tokenizer.save_pretrained(args.save_merged)
    report = evaluate_rows(model, tokenizer, rows, label=args.label, num_samples=args.num_samples,
                           max_new_tokens=args.max_new_tokens,
                           temperature=0.0 if args.num_samples == 1 else 1.0)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    save_report(report, args.out)
    print(report.summary())


if __name__ == "__main__":
    run_cli(lambda: main(sys.argv[1:]), "python -m sft.evaluate_model")
