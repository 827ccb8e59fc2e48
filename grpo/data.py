"""The GRPO dataset: one row per (task, augmentation[, start program]), with the columns the reward
functions read.

Columns: `prompt` (chat messages), `task_id` (the original task, shared by its augmented rows),
`augmentation` (`Augmentation.name`, "id" for the original), `examples_json` (the demonstration pairs
the reward scores on, JSON), `mode` ("write" | "edit"), `start_program` ("" in write mode) and
`start_reward` (the start program's reward on this row's pairs; 0.0 in write mode).

- write mode: the prompt is the compact task prompt (`sampler.prompts.write_messages`).
- edit mode: start programs are realistic broken variants of the verified reference programs
  (`sampler.mutate`, the offline teacher's mutations); every (row, start program) is run in ONE
  batched sandbox call, scored, and shown to the student with its execution feedback
  (`sampler.prompts.edit_messages`). Starts that already solve every pair are dropped: there is
  nothing to improve.
- a saved dataset folder with a `prompt` column (e.g. the sampler's export) is used as it is, with
  missing columns filled in.

Augmented rows exist so the curriculum can train the tasks the student fails on augmented variants.
Test outputs are never used: prompts come from `task.without_test_outputs()` and rewards from the
demonstration pairs.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from data import Task, load_tasks
from data.errors import UserError
from data.grid import as_lists
from data.hf import task_augmentations

COLUMNS = ("prompt", "task_id", "augmentation", "examples_json", "mode", "start_program", "start_reward")


def examples_json(task: Task) -> str:
    """The demonstration pairs of `task` as the JSON the reward functions read."""
    return json.dumps([{"input": as_lists(e.input), "output": as_lists(e.output)} for e in task.train],
                      separators=(",", ":"))


def variants(task: Task, num_augmentations: int, seed: int) -> list[tuple[str, Task]]:
    """(augmentation name, augmented task without test outputs), the original first."""
    return [(aug.name, aug.task(task).without_test_outputs())
            for aug in task_augmentations(task, num_augmentations, seed)]


def write_rows(tasks: Sequence[Task], *, num_augmentations: int = 0, seed: int = 0, style: str = "compact"
               ) -> list[dict[str, Any]]:
    """Write-mode rows: the task prompt, reward = r(program)."""
    from sampler.prompts import write_messages

    return [{"prompt": write_messages(variant, style=style), "task_id": task.id, "augmentation": name,
             "examples_json": examples_json(variant), "mode": "write", "start_program": "", "start_reward": 0.0}
            for task in tasks for name, variant in variants(task, num_augmentations, seed)]


def mutated_starts(tasks: Sequence[Task], programs: Mapping[str, str], *, per_task: int, seed: int = 0
                   ) -> dict[str, list[str]]:
    """Up to `per_task` distinct broken variants of each task's reference program (1-2 mutations each)."""
    from sampler.mutate import mutate

    starts: dict[str, list[str]] = {}
    for task in tasks:
        program = programs.get(task.id)
        if program is None:
            continue
        rng = random.Random(zlib.crc32(f"{seed}:{task.id}".encode()))
        palette = {c for e in task.train for g in (e.input, e.output) for row in g for c in row}
        found: list[str] = []
        for attempt in range(per_task * 8):
            mutant = mutate(program, rng, palette=palette, count=1 + attempt % 2)
            if mutant is not None and mutant.program not in found:
                found.append(mutant.program)
            if len(found) == per_task:
                break
        if found:
            starts[task.id] = found
    return starts


def edit_rows(tasks: Sequence[Task], starts: Mapping[str, Sequence[str]], *, num_augmentations: int = 0,
              seed: int = 0, style: str = "compact", timeout_s: float = 1.0) -> list[dict[str, Any]]:
    """Edit-mode rows: task + start program + its execution feedback, reward = r(child) - r(start)."""
    from rewards import score_execution
    from sampler.prompts import edit_messages
    from sandbox import run_many

    cases = [(task, name, variant, program) for task in tasks if task.id in starts
             for name, variant in variants(task, num_augmentations, seed) for program in starts[task.id]]
    results = run_many([(program, variant.train_inputs) for _, _, variant, program in cases], timeout_s=timeout_s)
    rows = []
    for (task, name, variant, program), result in zip(cases, results, strict=True):
        score = score_execution(result, variant.train_outputs)
        if score.solved:
            continue
        rows.append({"prompt": edit_messages(variant, program, result, style=style), "task_id": task.id,
                     "augmentation": name, "examples_json": examples_json(variant), "mode": "edit",
                     "start_program": program, "start_reward": float(score.total)})
    return rows


def prompt_filter(tokenizer: Any, max_tokens: int | None) -> Callable[[dict[str, Any]], bool]:
    """A row predicate keeping prompts of at most `max_tokens` tokens (everything when None)."""

    def keep(row: dict[str, Any]) -> bool:
        if max_tokens is None:
            return True
        ids = tokenizer.apply_chat_template(row["prompt"], add_generation_prompt=True, tokenize=True)
        ids = ids["input_ids"] if isinstance(ids, Mapping) else ids
        return len(ids) <= max_tokens

    return keep


def _saved_prompt_dataset(path: Path):
    """A saved dataset folder with a `prompt` column (its train split), or None for anything else."""
    import datasets

    if not path.is_dir() or not ((path / "dataset_dict.json").is_file() or (path / "state.json").is_file()):
        return None
    loaded = datasets.load_from_disk(str(path))
    if isinstance(loaded, datasets.DatasetDict):
        loaded = loaded["train"] if "train" in loaded else next(iter(loaded.values()))
    return loaded if "prompt" in loaded.column_names else None


def _complete_columns(dataset, task_mode: str):
    """Fill the columns a sampler export may lack and drop the SFT target."""
    if "completion" in dataset.column_names:
        dataset = dataset.remove_columns("completion")
    if "examples_json" not in dataset.column_names or "task_id" not in dataset.column_names:
        raise UserError("a GRPO dataset needs 'task_id' and 'examples_json' columns")
    defaults = {"augmentation": "id", "mode": task_mode, "start_program": "", "start_reward": 0.0}
    for column, value in defaults.items():
        if column not in dataset.column_names:
            dataset = dataset.add_column(column, [value] * len(dataset))
    return dataset


def build_dataset(source: str, *, split: str = "training", task_ids: Sequence[str] | None = None,
                  max_tasks: int | None = None, task_mode: str = "write", style: str = "compact",
                  num_augmentations: int = 0, starts_per_task: int = 2, start_programs: str = "mutate",
                  seed: int = 0, timeout_s: float = 1.0, tokenizer: Any = None, max_prompt_tokens: int | None = None):
    """The GRPO training set as a `datasets.Dataset` (see the module docstring)."""
    import datasets

    if task_mode not in ("write", "edit"):
        raise UserError(f"task_mode must be 'write' or 'edit', got {task_mode!r}")
    saved = _saved_prompt_dataset(Path(source))
    if saved is not None:
        dataset = _complete_columns(saved, task_mode)
        if task_ids:
            wanted = set(task_ids)
            dataset = dataset.filter(lambda row: row["task_id"] in wanted)
    else:
        tasks = load_tasks(source, split, ids=list(task_ids) if task_ids else None)
        if task_mode == "write":
            tasks = tasks[:max_tasks]
            rows = write_rows(tasks, num_augmentations=num_augmentations, seed=seed, style=style)
        else:
            if start_programs != "mutate":
                raise UserError(f"start_programs must be 'mutate' (or pass a saved dataset), got {start_programs!r}")
            from arc_dsl.solvers import load_solvers

            programs = load_solvers()
            tasks = [task for task in tasks if task.id in programs][:max_tasks]  # only these have start programs
            starts = mutated_starts(tasks, programs, per_task=starts_per_task, seed=seed)
            rows = edit_rows(tasks, starts, num_augmentations=num_augmentations, seed=seed, style=style,
                             timeout_s=timeout_s)
        dataset = datasets.Dataset.from_list(rows) if rows else None
    if tokenizer is not None and dataset is not None and max_prompt_tokens is not None:
        dataset = dataset.filter(prompt_filter(tokenizer, max_prompt_tokens))
    if dataset is None or len(dataset) == 0:
        raise UserError(f"no GRPO rows from {source!r} (task ids, max_prompt_tokens, or no start programs?)")
    return dataset
