"""Supervised fine-tuning of the student on edit traces: TRL's SFTTrainer, LoRA through PEFT, loss on completions.

Reads top to bottom: arguments → seed → data → model → trainer → evaluate before → train → save → evaluate after.

    arc-sft --config recipes/sft/demo.yaml
    python -m sft --config recipes/sft/demo.yaml --max_steps 20          # flags override the recipe
    accelerate launch --config_file recipes/accelerate/cpu_2proc.yaml -m sft --config recipes/sft/demo.yaml

Writes to `output_dir`: `checkpoint-N/` folders (a rerun resumes from the last complete one), the trained model or
LoRA adapter with its tokenizer, `merged/` with `--merge_adapter`, `eval_before.json` / `eval_after.json`
(programs sampled for held-out tasks, scored in the sandbox), `run_config.json` (resolved configuration, git commit,
library versions) and `summary.json` (losses, rewards, wall time).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.errors import UserError
from sft.config import SFT_CHOICES, SFTScriptArguments, SFTTrainingConfig, StudentModelConfig
from sft.recipe_checks import check_paths_and_ranges, parse_recipe
from sft.run_files import check_resume_compatible, last_complete_checkpoint, write_json, write_run_config


def parse_args(argv: Sequence[str] | None = None):
    """(script, training, model) arguments from `--config recipe.yaml` plus flags, choices checked."""
    return parse_recipe((SFTScriptArguments, SFTTrainingConfig, StudentModelConfig), argv, prog="arc-sft",
                        choices=SFT_CHOICES)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    script_args, training_args, model_args = parse_args(argv)
    check_paths_and_ranges(training_args, script=script_args, model=model_args)  # before any model is built
    started = time.perf_counter()

    import torch
    from transformers import AutoTokenizer, set_seed
    from transformers.integrations.deepspeed import is_deepspeed_zero3_enabled
    from trl import SFTTrainer, get_peft_config, get_quantization_config

    from data.provenance import trained_task_ids, training_chain
    from data.splits import TRAINED_TASKS_KEY, overlap
    from sft.evaluate import evaluate_rows, load_report, report_metrics, save_report
    from sft.launch import warn_if_single_process_cpu_launch
    from sft.traces import (
        drop_held_out,
        drop_too_long,
        evaluation_rows,
        load_splits,
        row_task_ids,
        select_columns,
    )
    from student import ensure_merged, load_student, training_weights
    from student.attention import skip_right_padding_mask
    from student.lm_head import plain_lm_head_on_cpu

    warn_if_single_process_cpu_launch("arc-sft")

    # Seed
    set_seed(training_args.seed)
    output_dir = Path(training_args.output_dir)

    # Data: prompt/completion traces; rows the max length would cut are dropped, not truncated. The dataset is
    # read before the student is resolved: a bad dataset must not cost the embedded student's build first.
    # An SFT/GRPO output folder starts from its merged weights (student.training_weights).
    train_rows, eval_split = load_splits(script_args.dataset_name, script_args.dataset_train_split,
                                         script_args.dataset_test_split, script_args.dataset_config)
    model_path = training_weights(model_args.model_name_or_path)
    tokenizer = AutoTokenizer.from_pretrained(model_path, revision=model_args.model_revision,
                                              trust_remote_code=training_args.trust_remote_code)
    train_rows, held_out_dropped = drop_held_out(train_rows, allow=script_args.allow_held_out)
    trained_ids = row_task_ids(train_rows)
    train_rows, dropped = drop_too_long(select_columns(train_rows), tokenizer, training_args.max_length)
    if len(train_rows) == 0:
        raise UserError(f"every training row is longer than max_length={training_args.max_length} tokens")
    held_out = evaluation_rows(eval_split, script_args.eval_max_prompts)

    # Model: TRL loads it from the path (dtype, attention, quantisation from ModelConfig); LoRA when --use_peft.
    quantization = get_quantization_config(model_args)
    training_args.model_init_kwargs = {
        "revision": model_args.model_revision, "attn_implementation": model_args.attn_implementation,
        "dtype": model_args.dtype, **(training_args.model_init_kwargs or {}),
    }

    # Trainer
    trainer = SFTTrainer(model=model_path, args=training_args, train_dataset=train_rows, processing_class=tokenizer,
                         peft_config=get_peft_config(model_args), quantization_config=quantization)
    skip_right_padding_mask(trainer.model)  # TRL's collator pads on the right: the fused attention kernel
    plain_lm_head_on_cpu()  # small vocabularies on a CPU: full logits instead of TRL's tiles (student.lm_head)
    main_process = trainer.accelerator.is_main_process
    resume = training_args.resume_from_checkpoint or (
        last_complete_checkpoint(output_dir) if script_args.auto_resume else None)
    if resume is not None and not Path(resume).is_dir():
        raise UserError(f"checkpoint {resume} does not exist")
    check_resume_compatible(output_dir, model_args, resume)
    if main_process:
        write_run_config(output_dir, script_args, training_args, model_args, stage="sft", model_path=model_path,
                         resumed_from=resume, dropped_rows=dropped, held_out_rows_dropped=held_out_dropped,
                         train_rows=len(train_rows), **{TRAINED_TASKS_KEY: trained_ids})
        trainer.accelerator.print(f"arc-sft: {len(train_rows)} training rows over {len(trained_ids)} tasks ({dropped} "
                                  f"longer than max_length dropped, {held_out_dropped} of held-out tasks dropped), "
                                  f"{len(held_out)} held-out prompts, model {model_path}"
                                  + (f", resuming from {resume}" if resume else ""))

    # Under ZeRO-3 or FSDP each process holds a shard of the weights: generating on the main process alone would
    # wait forever for the others' shards. There the evaluation loads whole weights from disk instead (the base
    # before, the saved output after) on the main process, while the others wait at the barrier that follows.
    zero_stage = getattr(trainer.accelerator.state.deepspeed_plugin, "zero_stage", 0) if trainer.is_deepspeed_enabled else 0
    sharded = trainer.is_fsdp_enabled or zero_stage == 3 or is_deepspeed_zero3_enabled()

    def evaluate(label: str):
        """Sample programs for the held-out prompts (main process only) and save the scores."""
        path = output_dir / f"eval_{label}.json"
        if not held_out or not main_process:
            return None
        if label == "before" and resume is not None and path.is_file():
            return load_report(path)  # the untrained model was already scored before the interruption
        if sharded:
            source = model_path if label == "before" else str(output_dir)
            model = load_student(source, dtype=model_args.dtype, tokenizer=False)[0].to(trainer.accelerator.device)
        else:
            model = trainer.accelerator.unwrap_model(trainer.model)
        report = evaluate_rows(model, tokenizer, held_out, label=label, num_samples=script_args.eval_num_samples,
                               max_new_tokens=script_args.eval_max_new_tokens, batch_size=script_args.eval_batch_size,
                               temperature=script_args.eval_temperature, timeout_s=script_args.eval_timeout_s,
                               seed=training_args.seed)
        save_report(report, path)
        trainer.accelerator.print(report.summary())
        return report

    # Evaluate before (a fresh LoRA adapter is the identity, so this scores the base model)
    before = evaluate("before")
    trainer.accelerator.wait_for_everyone()

    # Train
    result = trainer.train(resume_from_checkpoint=resume)

    # Save: the model or adapter (+ tokenizer; save_model gathers sharded weights), and optionally the merged model,
    # built from the saved adapter on the main process (the same way whatever the sharding; student.ensure_merged).
    trainer.save_model(str(output_dir))
    if main_process:
        tokenizer.save_pretrained(output_dir)
        if model_args.use_peft and script_args.merge_adapter:
            ensure_merged(output_dir, dtype=model_args.dtype)
    trainer.accelerator.wait_for_everyone()

    # Evaluate after; both evaluations also go to the tracker (report_to), beside the loss curve.
    after = evaluate("after")
    trainer.accelerator.wait_for_everyone()
    if main_process and (before is not None or after is not None):
        trainer.log({f"held_out/{name}_{label}": value for label, report in (("before", before), ("after", after))
                     if report is not None for name, value in report_metrics(report).items()})
    trainer.save_state()  # trainer_state.json (the loss curve, the evaluations) beside the model

    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    summary = {
        "train_rows": len(train_rows), "dropped_rows": dropped, "global_step": trainer.state.global_step,
        "loss_first": losses[0] if losses else None, "loss_last": losses[-1] if losses else None,
        "train_loss": result.training_loss, "resumed_from": resume,
        # Evaluation tasks that this run or its model's pre-training trained on (contaminated figures; empty under
        # the project's split).
        "eval_tasks_in_training": overlap({row["task_id"] for row in held_out},
                                          set(trained_ids) | trained_task_ids(training_chain(model_path))),
        "before": None if before is None else before.summary(), "after": None if after is None else after.summary(),
        "mean_reward_before": None if before is None else before.mean_reward,
        "mean_reward_after": None if after is None else after.mean_reward,
        "seconds": round(time.perf_counter() - started, 1), "processes": trainer.accelerator.num_processes,
        "threads": torch.get_num_threads(),
    }
    if main_process:
        write_json(output_dir / "summary.json", summary)
        trainer.accelerator.print(json.dumps(summary, indent=2))
    trainer.end()
    return summary
