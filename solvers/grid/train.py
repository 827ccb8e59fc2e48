"""Train a grid model (TRM, HRM or the transformer baseline) with deep supervision on accelerate.

    arc-grid train --config recipes/grid/overfit_trm.yaml [--max_steps 50 --output_dir runs/x/grid ...]
    accelerate launch -m solvers.grid train --config recipes/grid/paper_trm.yaml      # DDP / GPUs

Reads top to bottom: configs → data (cached) → model + EMA → optimizers (AdamW for dense weights,
SparseSignSGD for puzzle embeddings) → resume → outer-step loop (ACT step, loss, backward, clip,
step, EMA) → metrics.jsonl, checkpoints, exported model. TRL has no trainer for these models, so the
loop is ours; accelerate provides device placement, DDP, mixed precision, trackers and resumable state.

Written to <output_dir>: metrics.jsonl (one JSON object per log/eval), checkpoints/step-N/ (resumable
state), model/ (weights + description for `solvers.grid.solver.GridSolver`), summary.json.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from data.errors import UserError
from solvers.grid.dataset import GridDataConfig
from solvers.grid.halting import HaltingConfig
from solvers.grid.models import GridModelConfig


@dataclass
class GridTrainingArguments:
    """Optimisation, logging and checkpointing (paper-scale TRM defaults)."""

    output_dir: str = field(default="runs/grid/grid", metadata={"help": "Run folder of this stage."})
    seed: int = field(default=0, metadata={"help": "Seed of initialisation, batches and exploration."})
    batch_size: int = field(default=768, metadata={"help": "Examples (slots) per outer step, per process."})
    max_steps: int = field(default=100_000, metadata={"help": "Outer (supervision) steps to train."})
    learning_rate: float = field(default=1e-4, metadata={"help": "AdamW learning rate of dense weights."})
    lr_warmup_steps: int = field(default=2000, metadata={"help": "Linear warm-up steps."})
    lr_min_ratio: float = field(default=1.0, metadata={"help": "Cosine decay floor (1.0 = constant after warm-up)."})
    weight_decay: float = field(default=0.1, metadata={"help": "AdamW weight decay."})
    adam_beta1: float = field(default=0.9, metadata={"help": "AdamW beta1."})
    adam_beta2: float = field(default=0.95, metadata={"help": "AdamW beta2."})
    puzzle_optimizer: str = field(default="signsgd", metadata={"help": "signsgd (reference) | sparse_adam."})
    puzzle_lr: float = field(default=1e-2, metadata={"help": "Learning rate of puzzle embeddings."})
    puzzle_weight_decay: float = field(default=0.1, metadata={"help": "Weight decay of puzzle embeddings."})
    max_grad_norm: float = field(default=1.0, metadata={"help": "Gradient clipping of dense weights (0 = off)."})
    ema: bool = field(default=True, metadata={"help": "Keep an exponential moving average of the weights."})
    ema_decay: float = field(default=0.999, metadata={"help": "EMA decay per step."})
    log_every: int = field(default=10, metadata={"help": "Steps between metric lines."})
    eval_every: int = field(default=0, metadata={"help": "Steps between evaluations (0 = at the end only)."})
    eval_max_examples: int = field(default=2048, metadata={"help": "Training examples scored per evaluation."})
    eval_batch_size: int = field(default=256, metadata={"help": "Batch size of evaluation."})
    target_exact_accuracy: float = field(default=0.0, metadata={
        "help": "Stop early once evaluation exact accuracy on training pairs reaches this (0 = never)."})
    save_every: int = field(default=1000, metadata={"help": "Steps between resumable checkpoints (0 = end only)."})
    save_total_limit: int = field(default=2, metadata={"help": "Resumable checkpoints kept."})
    resume: bool = field(default=True, metadata={"help": "Continue from the latest checkpoint in output_dir."})
    report_to: str = field(default="none", metadata={"help": "none | wandb | tensorboard | ... (accelerate tracker)."})
    mixed_precision: str = field(default="no", metadata={"help": "no | bf16 | fp16."})
    cpu: bool = field(default=False, metadata={"help": "Train on CPU even when a GPU is present."})
    num_threads: int = field(default=0, metadata={"help": "torch CPU threads (0 = torch's default)."})


CONFIG_TYPES = (GridModelConfig, HaltingConfig, GridDataConfig, GridTrainingArguments)


def _grad_norms(groups: dict) -> dict[str, float]:
    """L2 norm of the gradients of each parameter group (sparse gradients included), and the total."""
    import torch

    norms = {}
    for name, params in groups.items():
        squares = [(p.grad.coalesce().values() if p.grad.is_sparse else p.grad).float().square().sum()
                   for p in params if p.grad is not None]
        norms[name] = float(torch.stack(squares).sum().sqrt()) if squares else 0.0
    norms["total"] = sum(v * v for v in norms.values()) ** 0.5
    return {f"grad/{k}_norm": v for k, v in norms.items()}


def train(model_cfg: GridModelConfig, halting: HaltingConfig, data_cfg: GridDataConfig,
          args: GridTrainingArguments, *, progress: bool = True) -> dict:
    """Train, export and evaluate; returns the summary written to summary.json."""
    import numpy as np
    import torch
    from accelerate import Accelerator
    from accelerate.utils import set_seed
    from rich.progress import Progress
    from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
    from transformers import get_cosine_with_min_lr_schedule_with_warmup

    from solvers.grid import dataset, encoding
    from solvers.grid.checkpoint import export_model
    from solvers.grid.evaluate import evaluate_split
    from solvers.grid.halting import act_step, deep_supervision_loss, initial_carry
    from solvers.grid.models import GridModel
    from solvers.grid.optim import SparseSignSGD

    model_cfg.check(), halting.check(), data_cfg.check()
    if model_cfg.conditioning in ("text", "efe"):
        # Record the folder actually used: "embedded" names whatever the current recipe builds, which changes.
        from student import EMBEDDED, resolve_student

        if model_cfg.text_model == EMBEDDED:
            model_cfg.text_model = resolve_student(EMBEDDED).weights
    if args.puzzle_optimizer not in ("signsgd", "sparse_adam"):
        raise UserError(f"puzzle_optimizer must be signsgd or sparse_adam, got {args.puzzle_optimizer!r}")
    if args.num_threads:
        torch.set_num_threads(args.num_threads)
    out = Path(args.output_dir)
    accelerator = Accelerator(cpu=args.cpu, mixed_precision=args.mixed_precision,
                              log_with=None if args.report_to == "none" else args.report_to, project_dir=str(out))
    set_seed(args.seed)
    configs = {"model": asdict(model_cfg), "halting": asdict(halting), "data": asdict(data_cfg), "training": asdict(args)}
    if accelerator.is_main_process:
        out.mkdir(parents=True, exist_ok=True)
        (out / "config.json").write_text(json.dumps(configs, indent=2))
    if args.report_to != "none":
        accelerator.init_trackers("arc-grid", config={f"{k}/{n}": v for k, c in configs.items() for n, v in c.items()
                                                      if isinstance(v, int | float | str | bool)})

    # Data: built once (main process first), then read from the cache by the others.
    with accelerator.main_process_first():
        data = dataset.load_or_build(data_cfg)
    if accelerator.is_main_process:
        # What this model trains on, for arc-eval's contamination check (data.provenance): every pair of the pool
        # tasks; only the demonstration pairs of the evaluation tasks (their test pairs stay held out).
        run_config = {**configs, "stage": f"grid ({model_cfg.arch})", "trained_task_ids": data.info["train_tasks"],
                      "demonstration_task_ids": data.info["demonstration_tasks"],
                      "holdout_task_ids": data.info["holdout_tasks"]}
        if model_cfg.conditioning in ("text", "efe"):
            run_config["model_path"] = model_cfg.text_model  # the text model's own training chain follows
        (out / "run_config.json").write_text(json.dumps(run_config, indent=2))
    train_split = data.train
    labels = encoding.to_labels(train_split.targets)

    # Model, EMA, optimizers, schedules.
    model = GridModel(model_cfg, seq_len=encoding.seq_len(data_cfg.canvas_side), num_puzzles=len(data.puzzles))
    sparse = model.sparse_parameters()
    dense = [p for p in model.parameters() if all(p is not s for s in sparse)]
    optimizers = [torch.optim.AdamW(dense, lr=args.learning_rate, weight_decay=args.weight_decay,
                                    betas=(args.adam_beta1, args.adam_beta2))]
    if sparse:
        optimizers.append(SparseSignSGD(sparse, lr=args.puzzle_lr, weight_decay=args.puzzle_weight_decay)
                          if args.puzzle_optimizer == "signsgd" else torch.optim.SparseAdam(sparse, lr=args.puzzle_lr))
    schedulers = [get_cosine_with_min_lr_schedule_with_warmup(o, args.lr_warmup_steps, args.max_steps,
                                                              min_lr_rate=args.lr_min_ratio) for o in optimizers]
    # Schedulers stay unprepared so the schedule counts outer steps whatever the number of processes.
    model, *optimizers = accelerator.prepare(model, *optimizers)
    for scheduler in schedulers:
        accelerator.register_for_checkpointing(scheduler)
    core = accelerator.unwrap_model(model)
    groups = core.parameter_groups()
    # Few-shot conditionings add per-example fields (demonstrations, task text) and auxiliary losses.
    batch_fields = core.conditioning.batch_fields(data, "train") if hasattr(core.conditioning, "batch_fields") else None
    auxiliary = getattr(core.conditioning, "auxiliary", None)
    ema = AveragedModel(core, multi_avg_fn=get_ema_multi_avg_fn(args.ema_decay), use_buffers=True) if args.ema else None
    if ema is not None:
        accelerator.register_for_checkpointing(ema)

    # Resume from the latest resumable checkpoint.
    start = 0
    checkpoints = sorted((out / "checkpoints").glob("step-*")) if args.resume else []
    if checkpoints:
        accelerator.load_state(str(checkpoints[-1]))
        start = json.loads((checkpoints[-1] / "trainer_state.json").read_text())["step"]
        accelerator.print(f"resumed from {checkpoints[-1]} at step {start}")

    def evaluated() -> GridModel:
        return ema.module if ema is not None else core

    def save(step: int) -> None:
        accelerator.wait_for_everyone()
        folder = out / "checkpoints" / f"step-{step:07d}"
        accelerator.save_state(str(folder))
        if accelerator.is_main_process:
            (folder / "trainer_state.json").write_text(json.dumps({"step": step}))
            for old in sorted((out / "checkpoints").glob("step-*"))[:-args.save_total_limit]:
                shutil.rmtree(old, ignore_errors=True)
            export_model(out / "model", evaluated(), halting, puzzles=data.puzzles, data_info=data.info,
                         training={"step": step, "seconds": round(time.time() - began, 1)})

    def log(record: dict) -> None:
        if accelerator.is_main_process:
            with open(out / "metrics.jsonl", "a") as handle:
                handle.write(json.dumps(record) + "\n")
        accelerator.log({k: v for k, v in record.items() if isinstance(v, int | float)}, step=record["step"])

    def evaluate(step: int) -> dict:
        result = {}
        if accelerator.is_main_process:
            for which, limit in (("train", args.eval_max_examples), ("holdout", None)):
                size = len(data.holdout) if which == "holdout" else min(limit or 1 << 30, len(train_split))
                print(f"step {step}: evaluating on {size} {which} examples…", file=sys.stderr, flush=True)
                metrics = evaluate_split(evaluated(), halting, data, which, max_examples=limit,
                                         batch_size=args.eval_batch_size, seed=args.seed)
                result.update({f"{'eval_train' if which == 'train' else 'holdout'}/{k}": v
                               for k, v in metrics.items() if k != "reliability"})
            log({"step": step, **result})
        accelerator.wait_for_everyone()
        return result

    # The outer-step loop.
    batches = dataset.batches(len(train_split), args.batch_size, seed=args.seed + start,
                              rank=accelerator.process_index, world_size=accelerator.num_processes)
    generator = torch.Generator(device=accelerator.device).manual_seed(args.seed + 7919 * accelerator.process_index + start)
    carry, window, began, step, stopped, result = None, [], time.time(), start, False, {}
    cpu_began = time.process_time()  # CPU seconds of this process: compute, whatever else shares the machine
    with Progress(disable=not (progress and accelerator.is_main_process)) as bar:
        task = bar.add_task(f"{model_cfg.arch} training", total=args.max_steps, completed=start)
        for step in range(start + 1, args.max_steps + 1):
            index = next(batches)
            batch = {"inputs": torch.as_tensor(train_split.inputs[index], device=accelerator.device).long(),
                     "labels": torch.as_tensor(labels[index], device=accelerator.device),
                     "puzzle_ids": torch.as_tensor(train_split.puzzle_ids[index], device=accelerator.device).long()}
            if batch_fields is not None:
                batch.update({k: torch.as_tensor(v, device=accelerator.device) for k, v in batch_fields(index).items()})
            if carry is None:
                carry = initial_carry(core, batch)
            model.train()
            carry, outputs = act_step(model, halting, carry, batch, training=True, generator=generator)
            loss, metrics = deep_supervision_loss(carry, outputs, halting.loss)
            if auxiliary is not None:
                extra_loss, extra_metrics = auxiliary(carry, outputs)
                loss = loss if extra_loss is None else loss + extra_loss
                metrics.update(extra_metrics)
            accelerator.backward(loss / args.batch_size)
            norms = _grad_norms(groups)
            if args.max_grad_norm:
                accelerator.clip_grad_norm_(dense, args.max_grad_norm)
            for optimizer in optimizers:
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
            for scheduler in schedulers:
                scheduler.step()
            if ema is not None:
                ema.update_parameters(core)
            window.append(({k: v.detach().float() for k, v in metrics.items()}, norms))
            bar.advance(task)
            if step % args.log_every == 0 or step == args.max_steps:
                sums = accelerator.reduce(torch.stack([torch.stack([m[k] for m, _ in window]).sum()
                                                       for k in metrics]), reduction="sum").tolist()
                totals = dict(zip(metrics, sums, strict=True))
                count = max(totals.pop("count"), 1.0)
                record = {"step": step, "train/count": count, "train/lr": schedulers[0].get_last_lr()[0],
                          "seconds": round(time.time() - began, 2),
                          "cpu_seconds": round(time.process_time() - cpu_began, 2)}
                record.update({f"train/{k}": v / (count if k in ("accuracy", "exact_accuracy", "q_halt_accuracy",
                                                                 "steps") else len(window) * args.batch_size * accelerator.num_processes)
                               for k, v in totals.items()})
                record.update({k: float(np.mean([n[k] for _, n in window])) for k in norms})
                if hasattr(core.conditioning, "health"):
                    record.update(core.conditioning.health(record))
                log(record)
                bar.update(task, description=f"{model_cfg.arch} exact {record['train/exact_accuracy']:.2f} "
                                             f"loss {record['train/lm_loss']:.3f}")
                window = []
            if args.eval_every and step % args.eval_every == 0 and step < args.max_steps:
                result = evaluate(step)
                target = args.target_exact_accuracy
                if target and result.get("eval_train/exact_accuracy", 0.0) >= target:
                    stopped = True
                    break
            if args.save_every and step % args.save_every == 0 and step < args.max_steps:
                save(step)

    if accelerator.is_main_process:
        print(f"step {step}: saving the checkpoint and exporting the model to {out / 'model'}…", file=sys.stderr,
              flush=True)
    save(step)
    final = result if stopped else evaluate(step)  # an early stop was decided on a fresh evaluation
    summary = {"step": step, "stopped_early": stopped, "seconds": round(time.time() - began, 1),
               "cpu_seconds": round(time.process_time() - cpu_began, 1),
               "parameters": core.num_parameters(include_puzzles=False), "puzzles": len(data.puzzles),
               "train_examples": len(train_split), "holdout_examples": len(data.holdout), **final}
    if accelerator.is_main_process:
        (out / "summary.json").write_text(json.dumps(summary, indent=2))
    accelerator.end_training()
    return summary
