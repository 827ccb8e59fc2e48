"""GRPO on ARC tasks: TRL's GRPOTrainer, LoRA through PEFT, sandboxed rewards, an adaptive curriculum.

Reads top to bottom: arguments → seed → model → data → curriculum → rewards → trainer → train → save.

    arc-grpo --config recipes/grpo/demo.yaml
    python -m grpo --config recipes/grpo/demo.yaml --max_steps 10        # flags override the recipe
    accelerate launch --config_file recipes/accelerate/deepspeed_zero3.yaml -m grpo --config recipes/grpo/qwen7b_server.yaml
    torchrun --nproc_per_node 2 -m grpo --config recipes/grpo/demo.yaml      # two CPU processes (gloo)

Writes to `output_dir`: `checkpoint-N/` folders, each with the curriculum state of that step (a rerun
resumes from the newest complete one, curriculum included), the LoRA adapter (or model) with its
tokenizer, `trainer_state.json` (log history), `curriculum.json` (the live state, written atomically),
`timing.json` (reward vs step time), `run_config.json` (resolved configuration + git revision) and
`summary.json` (reward in the first vs last quarter of steps, solve rate, curriculum counts).
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.errors import UserError
from grpo.config import DATACLASSES, TASK_MODES

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None = None):
    """(script, curriculum, training, model) arguments from `--config recipe.yaml` plus flags."""
    from trl import TrlParser

    args = list(argv) if argv is not None else sys.argv[1:]
    if "--config" in args and args.index("--config") + 1 < len(args):
        recipe = Path(args[args.index("--config") + 1])
        if not recipe.is_file():
            raise UserError(f"recipe {recipe} does not exist")
    try:
        parsed = TrlParser(DATACLASSES, prog="arc-grpo").parse_args_and_config(args=args)
    except ValueError as error:  # unknown recipe keys, bad values: the user's recipe
        raise UserError(str(error)) from None
    if parsed[0].task_mode not in TASK_MODES:
        raise UserError(f"task_mode must be one of {', '.join(TASK_MODES)}, got {parsed[0].task_mode!r}")
    return parsed


def load_student(model_args, dtype: Any):
    """The student, its tokenizer and the folder it came from. For an SFT LoRA adapter folder, its merged copy
    (`merged/`, written by `arc-sft --merge_adapter true`) is loaded when present, so the adapter GRPO trains
    names a base that exists on disk; otherwise the adapter is merged into its base in memory (the saved GRPO
    adapter then names the SFT run's base model, without the SFT weights: keep `merged/` for such runs)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from sft.embedded import resolve_model

    path = resolve_model(model_args.model_name_or_path)
    options = {"revision": model_args.model_revision, "dtype": dtype,
               "attn_implementation": model_args.attn_implementation}
    if (Path(path) / "adapter_config.json").is_file() and (Path(path) / "merged" / "config.json").is_file():
        path = str(Path(path) / "merged")
    if (Path(path) / "adapter_config.json").is_file():
        from peft import AutoPeftModelForCausalLM

        log.warning("%s is a LoRA adapter without merged/: merging it in memory; the GRPO adapter will name the "
                    "SFT base model as its base (run arc-sft with --merge_adapter true to avoid this)", path)
        model = AutoPeftModelForCausalLM.from_pretrained(path, **options).merge_and_unload()
    else:
        model = AutoModelForCausalLM.from_pretrained(path, **options)
    return model, AutoTokenizer.from_pretrained(path, revision=model_args.model_revision), path


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    script_args, curriculum_args, training_args, model_args = parse_args(argv)
    started = time.perf_counter()

    from sft.launch import warn_if_single_process_cpu_launch

    warn_if_single_process_cpu_launch("arc-grpo")

    import torch
    from transformers import set_seed
    from trl import get_peft_config

    import curriculum as cur
    from grpo.data import build_dataset
    from grpo.hooks import (
        STATE_FILE,
        CurriculumCallback,
        CurriculumGRPOTrainer,
        LiveCurriculum,
        RewardClock,
        StepTimer,
        resumable_checkpoint,
    )
    from grpo.report import summarize
    from grpo.scoring import build_reward_funcs
    from sft.run_files import check_resume_compatible, write_json, write_run_config

    # Seed (and CPU threads)
    set_seed(training_args.seed)
    if script_args.torch_threads:
        torch.set_num_threads(script_args.torch_threads)
    output_dir = Path(training_args.output_dir)

    # Model: the SFT output (adapter merged) or any causal LM; GRPO adds its own LoRA adapter.
    dtype = model_args.dtype if model_args.dtype not in (None, "auto") else (
        torch.bfloat16 if training_args.bf16 else torch.float32)
    model, tokenizer, model_path = load_student(model_args, getattr(torch, dtype) if isinstance(dtype, str) else dtype)

    # Data: one row per (task, augmentation[, start program]); edit-mode starts are scored in one sandbox batch.
    dataset = build_dataset(
        script_args.dataset, split=script_args.split, task_ids=script_args.task_ids, max_tasks=script_args.max_tasks,
        task_mode=script_args.task_mode, style=script_args.prompt_style,
        num_augmentations=script_args.num_augmentations, starts_per_task=script_args.starts_per_task,
        start_programs=script_args.start_programs, seed=training_args.seed, timeout_s=script_args.reward_timeout_s,
        tokenizer=tokenizer, max_prompt_tokens=script_args.max_prompt_tokens)
    task_ids = sorted(set(dataset["task_id"]))

    # Curriculum: resume the state saved with the checkpoint, else levels from the difficulty table.
    resume = training_args.resume_from_checkpoint or (
        resumable_checkpoint(output_dir, need_curriculum=curriculum_args.curriculum) if script_args.auto_resume
        else None)
    if resume is not None and not Path(resume).is_dir():
        raise UserError(f"checkpoint {resume} does not exist")
    check_resume_compatible(output_dir, model_args, resume)
    live = None
    if curriculum_args.curriculum:
        config = curriculum_args.to_config()
        if resume is not None and (Path(resume) / STATE_FILE).is_file():
            state = cur.load_state(Path(resume) / STATE_FILE)
        else:
            table = cur.load_table(curriculum_args.difficulty_table) if curriculum_args.difficulty_table else None
            levels = cur.assign_levels(task_ids, table, num_levels=config.num_levels,
                                       source=curriculum_args.difficulty_source)
            state = cur.initial_state(levels, config, seed=training_args.seed)
        live = LiveCurriculum(state, config)
        # The curriculum sampler is restored from its saved state; replaying the skipped batches would redraw.
        training_args.ignore_data_skip = True

    # Rewards: rewards/ functions sharing one batched sandbox call per step, timed, feeding the curriculum.
    clock = RewardClock()
    reward_funcs = build_reward_funcs(
        script_args.reward_names, clock, live, num_generations=training_args.num_generations,
        timeout_s=script_args.reward_timeout_s, length_penalty=script_args.length_penalty)

    # Trainer: TRL's GRPOTrainer; the curriculum enters through the sampler seam and callbacks.
    callbacks = [StepTimer(clock)] + ([CurriculumCallback(live)] if live is not None else [])
    trainer = CurriculumGRPOTrainer(
        model=model, reward_funcs=reward_funcs, args=training_args, train_dataset=dataset,
        processing_class=tokenizer, peft_config=get_peft_config(model_args), callbacks=callbacks, live=live)
    main_process = trainer.accelerator.is_main_process
    if main_process:
        write_run_config(output_dir, script_args, training_args, model_args, model_path=model_path,
                         curriculum=dataclasses.asdict(curriculum_args), resumed_from=str(resume) if resume else None,
                         rows=len(dataset), tasks=len(task_ids))
        trainer.accelerator.print(f"arc-grpo: {len(dataset)} rows over {len(task_ids)} tasks "
                                  f"({script_args.task_mode} mode), model {model_path}"
                                  + (f", resuming from {resume}" if resume else ""))

    # Train
    trainer.train(resume_from_checkpoint=str(resume) if resume else None)

    # Save: the adapter (or model) with its tokenizer, the log history, the final curriculum state, the summary.
    trainer.save_model(str(output_dir))
    trainer.save_state()
    summary = summarize(trainer.state.log_history, clock.totals(),
                        None if live is None else live.state, seconds=time.perf_counter() - started)
    if main_process:
        tokenizer.save_pretrained(output_dir)
        write_json(output_dir / "summary.json", summary)
        trainer.accelerator.print(summary["headline"])
    trainer.end()
    return summary
