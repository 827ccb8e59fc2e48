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
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.errors import UserError
from grpo.config import DATACLASSES, GRPO_CHOICES
from sft.recipe_checks import check_paths_and_ranges, parse_recipe

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None = None):
    """(script, curriculum, training, model) arguments from `--config recipe.yaml` plus flags, choices checked."""
    return parse_recipe(DATACLASSES, argv, prog="arc-grpo", choices=GRPO_CHOICES)


def load_student(model_args, training_args, dtype: Any):
    """The student GRPO starts from, its tokenizer and the folder it came from, by `student`'s rule: an SFT output
    folder's merged copy (written to `<sft>/merged` first when missing), so the adapter GRPO saves names the SFT
    weights as its base. Quantisation, trust_remote_code and model_init_kwargs are TRL's usual arguments."""
    import os

    from trl import get_quantization_config

    from student import load_student as load

    quantization = get_quantization_config(model_args)
    options = {"revision": model_args.model_revision, "dtype": dtype,
               "attn_implementation": model_args.attn_implementation,
               "trust_remote_code": training_args.trust_remote_code, "quantization_config": quantization,
               # a quantised model is placed at load time, on this process's GPU
               "device_map": {"": int(os.environ.get("LOCAL_RANK", "0"))} if quantization is not None else None,
               **(training_args.model_init_kwargs or {})}
    model, tokenizer, found = load(model_args.model_name_or_path, for_training=True, **options)
    return model, tokenizer, found.weights


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    script_args, curriculum_args, training_args, model_args = parse_args(argv)
    check_paths_and_ranges(training_args, model=model_args)  # before any model is built
    started = time.perf_counter()

    from sft.launch import warn_if_single_process_cpu_launch

    warn_if_single_process_cpu_launch("arc-grpo")

    import torch
    from transformers import set_seed
    from trl import get_peft_config

    import curriculum as cur
    from data.splits import base_task_id
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
    from student.attention import skip_right_padding_mask
    from student.lm_head import plain_lm_head_on_cpu

    # Seed (and CPU threads)
    set_seed(training_args.seed)
    if script_args.torch_threads:
        torch.set_num_threads(script_args.torch_threads)
    output_dir = Path(training_args.output_dir)

    # Model: the SFT output's merged weights or any causal LM (student.load_student); GRPO adds its own LoRA adapter.
    dtype = model_args.dtype if model_args.dtype not in (None, "auto") else (
        torch.bfloat16 if training_args.bf16 else torch.float32)
    model, tokenizer, model_path = load_student(model_args, training_args,
                                                getattr(torch, dtype) if isinstance(dtype, str) else dtype)
    # Applied above (and recorded in run_config.json); TRL would warn that it ignores them for a loaded model.
    model_init_kwargs, training_args.model_init_kwargs = training_args.model_init_kwargs, None

    # Data: one row per (task, augmentation[, start program]); edit-mode starts are scored in one sandbox batch.
    dataset = build_dataset(
        script_args.dataset, split=script_args.split, task_ids=script_args.task_ids, max_tasks=script_args.max_tasks,
        task_mode=script_args.task_mode, style=script_args.prompt_style,
        num_augmentations=script_args.num_augmentations, starts_per_task=script_args.starts_per_task,
        start_programs=script_args.start_programs, seed=training_args.seed, timeout_s=script_args.reward_timeout_s,
        tokenizer=tokenizer, max_prompt_tokens=script_args.max_prompt_tokens, allow_held_out=script_args.allow_held_out)
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
        processing_class=tokenizer, peft_config=get_peft_config(model_args), callbacks=callbacks, live=live,
        clock=clock)
    skip_right_padding_mask(trainer.model)  # with the trainer's left-flushed batches: the fused attention kernel
    plain_lm_head_on_cpu()  # small vocabularies on a CPU: full logits instead of TRL's tiles (student.lm_head)
    main_process = trainer.accelerator.is_main_process
    if main_process:
        write_run_config(output_dir, script_args, training_args, model_args, stage="grpo", model_path=model_path,
                         model_init_kwargs=model_init_kwargs,
                         curriculum=dataclasses.asdict(curriculum_args), resumed_from=str(resume) if resume else None,
                         rows=len(dataset), tasks=len(task_ids),
                         trained_task_ids=sorted({base_task_id(task_id) for task_id in task_ids}))
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
