"""Train a grid model (TRM, HRM or the transformer baseline) with deep supervision on accelerate.

    arc-grid train --config recipes/grid/overfit_trm.yaml [--max_steps 50 --output_dir runs/x/grid ...]
    accelerate launch -m solvers.grid train --config recipes/grid/paper_trm.yaml      # DDP / GPUs

`train` checks the configs and hands them to `GridTrainer`, which reads top to bottom: accelerate and
config files → data (cached) → model → optimizers (AdamW for dense weights, SparseSignSGD for puzzle
embeddings) and schedules → EMA → resume → `fit`, the outer-step loop (`_train_step`: ACT step, loss,
backward, clip, step, EMA; `_log_window`, `evaluate`, `save`) → the final checkpoint, exported model and
summary. Step metrics and how they are averaged are defined once, in `solvers.grid.halting`. TRL has no
trainer for these models, so the loop is ours; accelerate provides device placement, DDP, mixed
precision, trackers and resumable state.

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
from typing import TYPE_CHECKING

import numpy as np
import torch

from data.errors import UserError
from solvers.grid import dataset, encoding
from solvers.grid.checkpoint import export_model
from solvers.grid.dataset import GridData, GridDataConfig
from solvers.grid.evaluate import evaluate_split
from solvers.grid.halting import (
    COUNT,
    Carry,
    HaltingConfig,
    act_step,
    deep_supervision_loss,
    initial_carry,
    mean_metrics,
)
from solvers.grid.layers import fuse_elementwise
from solvers.grid.models import GridModel, GridModelConfig
from solvers.grid.optim import SparseSignSGD

if TYPE_CHECKING:
    from accelerate import Accelerator
    from torch.optim.swa_utils import AveragedModel


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
    fuse_elementwise: bool = field(default=False, metadata={
        "help": "Compile the blocks' element-wise steps (RoPE, SwiGLU, residual + RMSNorm) with torch.compile: "
                "a few per cent off a bf16 CPU step at paper scale; the first steps compile (needs a C++ compiler)."})


CONFIG_TYPES = (GridModelConfig, HaltingConfig, GridDataConfig, GridTrainingArguments)
PUZZLE_OPTIMIZERS = ("signsgd", "sparse_adam")


def train(model_cfg: GridModelConfig, halting: HaltingConfig, data_cfg: GridDataConfig,
          args: GridTrainingArguments, *, progress: bool = True) -> dict:
    """Train, export and evaluate; returns the summary written to summary.json."""
    check_configs(model_cfg, halting, data_cfg, args)
    pin_text_model(model_cfg)
    return GridTrainer(model_cfg, halting, data_cfg, args).fit(progress=progress)


def check_configs(model_cfg: GridModelConfig, halting: HaltingConfig, data_cfg: GridDataConfig,
                  args: GridTrainingArguments) -> None:
    """A UserError for a setting no run can use, before anything is built."""
    model_cfg.check(), halting.check(), data_cfg.check()
    if args.puzzle_optimizer not in PUZZLE_OPTIMIZERS:
        raise UserError(f"puzzle_optimizer must be {' or '.join(PUZZLE_OPTIMIZERS)}, got {args.puzzle_optimizer!r}")


def pin_text_model(model_cfg: GridModelConfig) -> None:
    """Record the folder actually used: "embedded" names whatever the current recipe builds, which changes."""
    if model_cfg.uses_text_model:
        from student import EMBEDDED, resolve_student

        if model_cfg.text_model == EMBEDDED:
            model_cfg.text_model = resolve_student(EMBEDDED).weights


def _grad_norms(groups: dict) -> dict[str, float]:
    """L2 norm of the gradients of each parameter group (sparse gradients included), and the total."""
    norms = {}
    for name, params in groups.items():
        squares = [(p.grad.coalesce().values() if p.grad.is_sparse else p.grad).float().square().sum()
                   for p in params if p.grad is not None]
        norms[name] = float(torch.stack(squares).sum().sqrt()) if squares else 0.0
    norms["total"] = sum(v * v for v in norms.values()) ** 0.5
    return {f"grad/{k}_norm": v for k, v in norms.items()}


@dataclass
class Clock:
    """Seconds since training started: wall-clock, and CPU of this process (its compute, whatever else
    shares the machine)."""

    began: float = field(default_factory=time.time)
    cpu_began: float = field(default_factory=time.process_time)

    def seconds(self, digits: int) -> float:
        return round(time.time() - self.began, digits)

    def cpu_seconds(self, digits: int) -> float:
        return round(time.process_time() - self.cpu_began, digits)


class GridTrainer:
    """One training run. Building it starts accelerate and writes the run's config files, loads the data,
    builds the model, its optimizers and EMA, and resumes from the latest checkpoint; `fit` runs the
    outer steps and ends with a checkpoint, the exported model, an evaluation and summary.json."""

    def __init__(self, model_cfg: GridModelConfig, halting: HaltingConfig, data_cfg: GridDataConfig,
                 args: GridTrainingArguments):
        self.model_cfg, self.halting, self.args = model_cfg, halting, args
        self.out = Path(args.output_dir)
        configs = {"model": asdict(model_cfg), "halting": asdict(halting), "data": asdict(data_cfg),
                   "training": asdict(args)}
        self.accelerator = self._start(configs)
        self.data = self._load_data(data_cfg, configs)
        self.labels = encoding.to_labels(self.data.train.targets)

        model = GridModel(model_cfg, seq_len=encoding.seq_len(data_cfg.canvas_side), num_puzzles=len(self.data.puzzles))
        sparse = model.sparse_parameters()
        self.dense = [p for p in model.parameters() if all(p is not s for s in sparse)]
        optimizers = self._optimizers(self.dense, sparse)
        self.schedulers = self._schedulers(optimizers)
        # Schedulers stay unprepared so the schedule counts outer steps whatever the number of processes.
        self.model, *self.optimizers = self.accelerator.prepare(model, *optimizers)
        for scheduler in self.schedulers:
            self.accelerator.register_for_checkpointing(scheduler)
        self.core: GridModel = self.accelerator.unwrap_model(self.model)
        self.groups = self.core.parameter_groups()
        # Few-shot conditionings add per-example fields (demonstrations, task text) and auxiliary losses.
        conditioning = self.core.conditioning
        self.batch_fields = conditioning.batch_fields(self.data, "train") if hasattr(conditioning, "batch_fields") else None
        self.auxiliary = getattr(conditioning, "auxiliary", None)
        self.ema = self._ema()
        self.start = self._resume()

    # Building, in the order __init__ calls these.

    def _start(self, configs: dict) -> Accelerator:
        """The accelerator (seeded), config.json and the trackers."""
        from accelerate import Accelerator
        from accelerate.utils import set_seed

        args = self.args
        if args.num_threads:
            torch.set_num_threads(args.num_threads)
        fuse_elementwise(args.fuse_elementwise)
        accelerator = Accelerator(cpu=args.cpu, mixed_precision=args.mixed_precision,
                                  log_with=None if args.report_to == "none" else args.report_to,
                                  project_dir=str(self.out))
        set_seed(args.seed)
        if accelerator.is_main_process:
            self.out.mkdir(parents=True, exist_ok=True)
            (self.out / "config.json").write_text(json.dumps(configs, indent=2))
        if args.report_to != "none":
            accelerator.init_trackers("arc-grid", config={f"{k}/{n}": v for k, c in configs.items()
                                                          for n, v in c.items() if isinstance(v, int | float | str | bool)})
        return accelerator

    def _load_data(self, data_cfg: GridDataConfig, configs: dict) -> GridData:
        """The training data, built once (main process first) and read from the cache by the others;
        run_config.json records what the model trains on."""
        with self.accelerator.main_process_first():
            data = dataset.load_or_build(data_cfg)
        if self.accelerator.is_main_process:
            # For arc-eval's contamination check (data.provenance): every pair of the pool tasks; only the
            # demonstration pairs of the evaluation tasks (their test pairs stay held out).
            run_config = {**configs, "stage": f"grid ({self.model_cfg.arch})", "trained_task_ids": data.info["train_tasks"],
                          "demonstration_task_ids": data.info["demonstration_tasks"],
                          "holdout_task_ids": data.info["holdout_tasks"]}
            if self.model_cfg.uses_text_model:
                run_config["model_path"] = self.model_cfg.text_model  # the text model's own training chain follows
            (self.out / "run_config.json").write_text(json.dumps(run_config, indent=2))
        return data

    def _optimizers(self, dense: list, sparse: list) -> list:
        """AdamW for the dense weights; SignSGD or SparseAdam for the puzzle embeddings, if any."""
        args = self.args
        optimizers = [torch.optim.AdamW(dense, lr=args.learning_rate, weight_decay=args.weight_decay,
                                        betas=(args.adam_beta1, args.adam_beta2))]
        if sparse:
            optimizers.append(SparseSignSGD(sparse, lr=args.puzzle_lr, weight_decay=args.puzzle_weight_decay)
                              if args.puzzle_optimizer == "signsgd" else torch.optim.SparseAdam(sparse, lr=args.puzzle_lr))
        return optimizers

    def _schedulers(self, optimizers: list) -> list:
        """Linear warm-up, then cosine decay to `lr_min_ratio`, per optimizer."""
        from transformers import get_cosine_with_min_lr_schedule_with_warmup

        return [get_cosine_with_min_lr_schedule_with_warmup(o, self.args.lr_warmup_steps, self.args.max_steps,
                                                            min_lr_rate=self.args.lr_min_ratio) for o in optimizers]

    def _ema(self) -> AveragedModel | None:
        """The exponential moving average of the weights (checkpointed with the rest), or None."""
        if not self.args.ema:
            return None
        from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

        ema = AveragedModel(self.core, multi_avg_fn=get_ema_multi_avg_fn(self.args.ema_decay), use_buffers=True)
        self.accelerator.register_for_checkpointing(ema)
        return ema

    def _resume(self) -> int:
        """Load the latest resumable checkpoint, if any (and `resume`); the step it was saved at, else 0."""
        checkpoints = sorted((self.out / "checkpoints").glob("step-*")) if self.args.resume else []
        if not checkpoints:
            return 0
        self.accelerator.load_state(str(checkpoints[-1]))
        start = json.loads((checkpoints[-1] / "trainer_state.json").read_text())["step"]
        self.accelerator.print(f"resumed from {checkpoints[-1]} at step {start}")
        return start

    # Training.

    def fit(self, *, progress: bool = True) -> dict:
        """The outer-step loop from the resumed step: train, log every `log_every` steps, evaluate every
        `eval_every` (stopping early at `target_exact_accuracy`), checkpoint every `save_every`; then
        checkpoint, export, evaluate and write summary.json."""
        from rich.progress import Progress

        args, accelerator = self.args, self.accelerator
        batches = dataset.batches(len(self.data.train), args.batch_size, seed=args.seed + self.start,
                                  rank=accelerator.process_index, world_size=accelerator.num_processes)
        generator = torch.Generator(device=accelerator.device).manual_seed(
            args.seed + 7919 * accelerator.process_index + self.start)
        clock = Clock()
        carry, window, step, stopped, result = None, [], self.start, False, {}
        with Progress(disable=not (progress and accelerator.is_main_process)) as bar:
            task = bar.add_task(f"{self.model_cfg.arch} training", total=args.max_steps, completed=self.start)
            for step in range(self.start + 1, args.max_steps + 1):
                batch = self._batch(next(batches))
                if carry is None:
                    carry = initial_carry(self.core, batch)
                carry, metrics, norms = self._train_step(carry, batch, generator)
                window.append((metrics, norms))
                bar.advance(task)
                if step % args.log_every == 0 or step == args.max_steps:
                    record = self._log_window(step, window, clock)
                    bar.update(task, description=f"{self.model_cfg.arch} exact {record['train/exact_accuracy']:.2f} "
                                                 f"loss {record['train/lm_loss']:.3f}")
                    window = []
                if args.eval_every and step % args.eval_every == 0 and step < args.max_steps:
                    result = self.evaluate(step)
                    target = args.target_exact_accuracy
                    if target and result.get("eval_train/exact_accuracy", 0.0) >= target:
                        stopped = True
                        break
                if args.save_every and step % args.save_every == 0 and step < args.max_steps:
                    self.save(step, clock)
        return self._finish(step, stopped, result, clock)

    def _batch(self, index) -> dict[str, torch.Tensor]:
        """The training examples at `index` on the device, with the conditioning's extra fields."""
        device, split = self.accelerator.device, self.data.train
        batch = {"inputs": torch.as_tensor(split.inputs[index], device=device).long(),
                 "labels": torch.as_tensor(self.labels[index], device=device),
                 "puzzle_ids": torch.as_tensor(split.puzzle_ids[index], device=device).long()}
        if self.batch_fields is not None:
            batch.update({k: torch.as_tensor(v, device=device) for k, v in self.batch_fields(index).items()})
        return batch

    def _train_step(self, carry: Carry, batch: dict[str, torch.Tensor], generator: torch.Generator
                    ) -> tuple[Carry, dict[str, torch.Tensor], dict[str, float]]:
        """One outer step: ACT step, loss (plus the conditioning's auxiliary loss), backward, clip, optimizer
        and schedule steps, EMA. Returns the new carry, the step's metric sums and the gradient norms."""
        args = self.args
        self.model.train()
        carry, outputs = act_step(self.model, self.halting, carry, batch, training=True, generator=generator)
        loss, metrics = deep_supervision_loss(carry, outputs, self.halting.loss)
        if self.auxiliary is not None:
            extra_loss, extra_metrics = self.auxiliary(carry, outputs)
            loss = loss if extra_loss is None else loss + extra_loss
            metrics.update(extra_metrics)
        self.accelerator.backward(loss / args.batch_size)
        norms = _grad_norms(self.groups)
        if args.max_grad_norm:
            self.accelerator.clip_grad_norm_(self.dense, args.max_grad_norm)
        for optimizer in self.optimizers:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
        for scheduler in self.schedulers:
            scheduler.step()
        if self.ema is not None:
            self.ema.update_parameters(self.core)
            # State a conditioning declares (EFE's memory bank) is copied as it is: an averaged slot is no entry.
            for name in getattr(self.core.conditioning, "state_buffers", ()):
                getattr(self.ema.module.conditioning, name).copy_(getattr(self.core.conditioning, name))
        return carry, {k: v.detach().float() for k, v in metrics.items()}, norms

    def _log_window(self, step: int, window: list[tuple[dict, dict]], clock: Clock) -> dict:
        """Log the means of the steps since the last log line (metrics summed over every process); the record."""
        names = list(window[-1][0])
        sums = self.accelerator.reduce(torch.stack([torch.stack([metrics[k] for metrics, _ in window]).sum()
                                                    for k in names]), reduction="sum").tolist()
        slots = len(window) * self.args.batch_size * self.accelerator.num_processes
        means = mean_metrics(dict(zip(names, sums, strict=True)), slots)
        record = {"step": step, f"train/{COUNT}": means.pop(COUNT), "train/lr": self.schedulers[0].get_last_lr()[0],
                  "seconds": clock.seconds(2), "cpu_seconds": clock.cpu_seconds(2),
                  **{f"train/{k}": v for k, v in means.items()},
                  **{k: float(np.mean([norms[k] for _, norms in window])) for k in window[-1][1]}}
        if hasattr(self.core.conditioning, "health"):
            record.update(self.core.conditioning.health(record))
        self.log(record)
        return record

    def log(self, record: dict) -> None:
        """One line of metrics.jsonl (main process) and the trackers' numbers."""
        if self.accelerator.is_main_process:
            with open(self.out / "metrics.jsonl", "a") as handle:
                handle.write(json.dumps(record) + "\n")
        self.accelerator.log({k: v for k, v in record.items() if isinstance(v, int | float)}, step=record["step"])

    @property
    def evaluated_model(self) -> GridModel:
        """What is evaluated and exported: the EMA weights when there are any."""
        return self.ema.module if self.ema is not None else self.core

    def evaluate(self, step: int) -> dict:
        """Score the training pairs (up to `eval_max_examples`) and the held-out pairs on the main process and
        log them; the metrics (empty on the other processes)."""
        args, result = self.args, {}
        if self.accelerator.is_main_process:
            for which, limit in (("train", args.eval_max_examples), ("holdout", None)):
                size = len(self.data.holdout) if which == "holdout" else min(limit or 1 << 30, len(self.data.train))
                print(f"step {step}: evaluating on {size} {which} examples…", file=sys.stderr, flush=True)
                metrics = evaluate_split(self.evaluated_model, self.halting, self.data, which, max_examples=limit,
                                         batch_size=args.eval_batch_size, seed=args.seed)
                result.update({f"{'eval_train' if which == 'train' else 'holdout'}/{k}": v
                               for k, v in metrics.items() if k != "reliability"})
            self.log({"step": step, **result})
        self.accelerator.wait_for_everyone()
        return result

    def save(self, step: int, clock: Clock) -> None:
        """A resumable checkpoint (keeping the newest `save_total_limit`) and the exported model."""
        self.accelerator.wait_for_everyone()
        checkpoints = self.out / "checkpoints"
        folder = checkpoints / f"step-{step:07d}"
        self.accelerator.save_state(str(folder))
        if self.accelerator.is_main_process:
            (folder / "trainer_state.json").write_text(json.dumps({"step": step}))
            for old in sorted(checkpoints.glob("step-*"))[:-self.args.save_total_limit]:
                shutil.rmtree(old, ignore_errors=True)
            export_model(self.out / "model", self.evaluated_model, self.halting, puzzles=self.data.puzzles,
                         data_info=self.data.info, training={"step": step, "seconds": clock.seconds(1)})

    def _finish(self, step: int, stopped: bool, result: dict, clock: Clock) -> dict:
        """The last checkpoint and export, the final evaluation (an early stop's was fresh) and summary.json."""
        if self.accelerator.is_main_process:
            print(f"step {step}: saving the checkpoint and exporting the model to {self.out / 'model'}…",
                  file=sys.stderr, flush=True)
        self.save(step, clock)
        final = result if stopped else self.evaluate(step)
        summary = {"step": step, "stopped_early": stopped, "seconds": clock.seconds(1),
                   "cpu_seconds": clock.cpu_seconds(1), "parameters": self.core.num_parameters(include_puzzles=False),
                   "puzzles": len(self.data.puzzles), "train_examples": len(self.data.train),
                   "holdout_examples": len(self.data.holdout), **final}
        if self.accelerator.is_main_process:
            (self.out / "summary.json").write_text(json.dumps(summary, indent=2))
        self.accelerator.end_training()
        return summary
