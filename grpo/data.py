"""The GRPO dataset: one row per (task, augmentation[, start program]), with the columns the reward
functions read.

Columns: `prompt` (chat messages), `task_id` (the original task, shared by its augmented rows),
`augmentation` (`Augmentation.name`, "id" for the original), `examples_json` (the demonstration pairs
the reward scores on, JSON), `mode` ("write" | "edit"), `start_program` ("" in write mode) and
`start_reward` (the start program's reward on this row's pairs; 0.0 in write mode).

- write mode: the prompt is the compact task prompt (`editing.prompts.write_messages`).
- edit mode: start programs are realistic broken variants of the verified reference programs
  (`editing.mutate`, the offline teacher's mutations); every (row, start program) is run in ONE
  batched sandbox call, scored, and shown to the student with its execution feedback
  (`editing.prompts.edit_messages`). Starts that already solve every pair are dropped: there is
  nothing to improve.
- a saved dataset folder with a `prompt` column (e.g. the sampler's export) is used as it is, with
  missing columns filled in.

Augmented rows exist so the curriculum can train the tasks the student fails on augmented variants.
Test outputs are never used: prompts come from `task.without_test_outputs()` and rewards from the
demonstration pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from data import Task, load_tasks
from data.errors import UserError
from editing.edit_prompts import edit_rows, examples_json, mutated_starts, variants

__all__ = ["COLUMNS", "build_dataset", "edit_rows", "examples_json", "mutated_starts", "prompt_filter", "variants",
           "write_rows"]

COLUMNS = ("prompt", "task_id", "augmentation", "examples_json", "mode", "start_program", "start_reward")


def write_rows(tasks: Sequence[Task], *, num_augmentations: int = 0, seed: int = 0, style: str = "compact"
               ) -> list[dict[str, Any]]:
    """Write-mode rows: the task prompt, reward = r(program)."""
    from editing.prompts import write_messages

    return [{"prompt": write_messages(variant, style=style), "task_id": task.id, "augmentation": name,
             "examples_json": examples_json(variant), "mode": "write", "start_program": "", "start_reward": 0.0}
            for task in tasks for name, variant in variants(task, num_augmentations, seed)]


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
                  seed: int = 0, timeout_s: float = 1.0, tokenizer: Any = None, max_prompt_tokens: int | None = None,
                  allow_held_out: bool = False):
    """The GRPO training set as a `datasets.Dataset` (see the module docstring). Held-out tasks (`data.splits`)
    are left out unless `allow_held_out`."""
    import datasets

    from data.splits import base_task_id, is_held_out, task_is_held_out

    if task_mode not in ("write", "edit"):
        raise UserError(f"task_mode must be 'write' or 'edit', got {task_mode!r}")
    saved = _saved_prompt_dataset(Path(source))
    if saved is not None:
        dataset = _complete_columns(saved, task_mode)
        if task_ids:
            wanted = set(task_ids)
            dataset = dataset.filter(lambda row: row["task_id"] in wanted)
        if not allow_held_out:
            dataset = dataset.filter(lambda row: not is_held_out(base_task_id(row["task_id"])))
    else:
        tasks = load_tasks(source, split, ids=list(task_ids) if task_ids else None)
        if not allow_held_out:
            tasks = [task for task in tasks if not task_is_held_out(task)]
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
        raise UserError(f"no GRPO rows from {source!r} (task ids, held-out tasks left out, max_prompt_tokens, or no "
                        "start programs?)")
    return dataset
