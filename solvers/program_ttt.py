"""Test-time training for the program solver: adapt the student to one task from its own programs.

    arc-eval --solver program --samples 16 --set ttt_steps=16     # half the samples before, half after

SOAR's test-time phase, at the scale of one task: the student samples programs for the task; each program
that runs on every demonstration input defines a task it solves exactly — the same inputs, its own outputs
as the answers (hindsight relabelling, `editing.execution.hindsight_task`). Those (write prompt of the
relabelled task → the program's completion) rows teach the student, for a few LoRA steps with TRL's
`SFTTrainer`, what programs for *these* grids look like; the adapted copy then writes the second half of
the samples. Only demonstration inputs and the student's own outputs are used: the task's demonstration
outputs choose nothing here, and test outputs are never seen (the harness hands over a blind task).

The adapted model is a copy: the base student is untouched between tasks.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from data.task import Task


@dataclass(frozen=True)
class TTTConfig:
    """How one task's adaptation trains (defaults sized for the embedded student on CPU)."""

    steps: int = 16
    learning_rate: float = 1e-3
    lora_r: int = 16
    batch_size: int = 4
    max_rows: int = 32  # relabelled programs kept per task (distinct outputs first)
    seed: int = 0


def hindsight_rows(task: Task, runs: Sequence[tuple[str, Sequence[Any] | None]], *, style: str,
                   max_rows: int = 32) -> list[dict[str, list[dict[str, str]]]]:
    """Prompt/completion chat rows: the write prompt of `task` relabelled with a completion's own outputs.

    `runs` holds (completion text, its outputs on the demonstration inputs or None). Degenerate relabellings
    (identity, a constant grid, the task itself, a failed input) are skipped, and so are completions whose
    outputs repeat an earlier one's: a row per distinct behaviour."""
    from editing.execution import hindsight_task
    from editing.prompts import write_messages

    rows, seen = [], set()
    for index, (completion, outputs) in enumerate(runs):
        relabelled = hindsight_task(task, outputs, f"{task.id}-hindsight-{index}")
        if relabelled is None or tuple(outputs) in seen:  # type: ignore[arg-type]
            continue
        seen.add(tuple(outputs))  # type: ignore[arg-type]
        rows.append({"prompt": write_messages(relabelled, style=style),
                     "completion": [{"role": "assistant", "content": completion}]})
        if len(rows) == max_rows:
            break
    return rows


def adapt(model: Any, tokenizer: Any, rows: Sequence[Mapping[str, Any]], config: TTTConfig = TTTConfig()) -> Any:
    """A copy of `model` with a LoRA adapter trained on `rows` for `config.steps` steps (TRL's SFTTrainer)."""
    import copy

    from datasets import Dataset
    from peft import LoraConfig
    from trl import SFTConfig, SFTTrainer

    if not rows:
        raise ValueError("test-time training needs at least one row")
    with tempfile.TemporaryDirectory(prefix="arc-ttt-") as scratch:
        args = SFTConfig(output_dir=scratch, max_steps=config.steps, learning_rate=config.learning_rate,
                         per_device_train_batch_size=min(config.batch_size, len(rows)), lr_scheduler_type="constant",
                         warmup_steps=0, logging_strategy="no", save_strategy="no", report_to=[], seed=config.seed,
                         completion_only_loss=True, use_cpu=model.device.type == "cpu", disable_tqdm=True,
                         dataloader_num_workers=0, max_length=None, gradient_checkpointing=False)
        lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_r, lora_dropout=0.0, target_modules="all-linear",
                          task_type="CAUSAL_LM")
        trainer = SFTTrainer(model=copy.deepcopy(model), args=args, train_dataset=Dataset.from_list(list(rows)),
                             processing_class=tokenizer, peft_config=lora)
        try:
            trainer.train()
        finally:
            # The trainer's Accelerator fixed the process-wide accelerate state (mixed precision): release it,
            # or a later Accelerator in this process (a grid model's trainer) could not choose its own.
            from accelerate.state import AcceleratorState

            AcceleratorState._reset_state()
        adapted = trainer.model
    adapted.eval()
    return adapted
