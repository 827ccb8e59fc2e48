"""Loading the exported trace dataset for SFT, and choosing which rows train, which evaluate.

The dataset (the sampler's export, or any dataset in the same format) has conversational prompt/completion columns
(`prompt`: chat messages, `completion`: one assistant message) plus `task_id`, `examples_json`, `mode`,
`start_program`, `start_reward`. TRL trains on prompt/completion with the loss on the completion only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.errors import UserError

REQUIRED_COLUMNS = ("prompt", "completion")
EVAL_COLUMNS = ("prompt", "task_id", "examples_json")


def _check_json_file(path: Path, name: str) -> None:
    """A JSON document or JSON lines, in UTF-8; else a one-line UserError naming the line."""
    import json

    from data.checks import read_text

    text = read_text(path, flag="--dataset_name")
    try:
        json.loads(text)
        return
    except ValueError:
        pass
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                json.loads(line)
            except ValueError as error:
                raise UserError(f"--dataset_name {name}: line {number} is not JSON ({error.msg})") from None


def load_splits(name: str, train_split: str, test_split: str, config: str | None = None):
    """(train, eval or None) from a `save_to_disk` folder, a JSON/JSON-lines file, or a hub dataset id."""
    from datasets import Dataset, DatasetDict, load_dataset, load_from_disk

    path = Path(name)
    if path.exists():
        try:
            if path.is_dir():
                loaded = load_from_disk(str(path))
            else:  # a local JSON file: checked here first, so a bad one is one line naming where it breaks
                _check_json_file(path, name)
                from datasets.utils.logging import disable_progress_bar, enable_progress_bar

                disable_progress_bar()
                try:
                    loaded = load_dataset("json", data_files=str(path))
                finally:
                    enable_progress_bar()
        except Exception as error:  # noqa: BLE001 - pyarrow/json/datasets each raise their own kind for a bad file
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            raise UserError(f"--dataset_name {name}: cannot be read as a dataset ({reason})") from None
    else:
        try:
            loaded = load_dataset(name, name=config)
        except OSError as error:  # no such folder/file here, and not reachable as a hub dataset
            raise UserError(f"dataset {name} not found ({error}); run the sampler's export first") from None
    if isinstance(loaded, Dataset):
        loaded = DatasetDict({train_split: loaded})
    if train_split not in loaded:
        raise UserError(f"dataset {name} has no split {train_split!r} (splits: {', '.join(loaded)})")
    train = loaded[train_split]
    missing = [c for c in REQUIRED_COLUMNS if c not in train.column_names]
    if missing:
        raise UserError(f"dataset {name} split {train_split!r} lacks column(s) {', '.join(missing)}")
    if len(train) == 0:
        raise UserError(f"dataset {name} split {train_split!r} is empty")
    evaluation = loaded[test_split] if test_split in loaded else None
    if evaluation is not None and any(c not in evaluation.column_names for c in EVAL_COLUMNS):
        raise UserError(f"dataset {name} split {test_split!r} needs columns {', '.join(EVAL_COLUMNS)} to evaluate")
    return train, evaluation


def token_length(tokenizer, row: dict[str, Any]) -> int:
    """Tokens of prompt + completion as the trainer renders them (chat template for conversational rows)."""
    prompt, completion = row["prompt"], row["completion"]
    if isinstance(prompt, list):
        return len(tokenizer.apply_chat_template(list(prompt) + list(completion), tokenize=True,
                                                 return_dict=True)["input_ids"])
    return len(tokenizer(prompt + completion, add_special_tokens=False)["input_ids"])


def drop_too_long(dataset, tokenizer, max_length: int | None):
    """The rows that fit in `max_length` tokens (the trainer would cut the end of the rest, the program), and
    how many were dropped."""
    if max_length is None:
        return dataset, 0
    kept = dataset.filter(lambda row: token_length(tokenizer, row) <= max_length, desc="Dropping over-long rows")
    return kept, len(dataset) - len(kept)


def evaluation_rows(dataset, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` rows spread over tasks: every task's first row, then every task's second, and so on."""
    if dataset is None or limit <= 0:
        return []
    by_task: dict[str, list[dict[str, Any]]] = {}
    for row in dataset:
        by_task.setdefault(row["task_id"], []).append(row)
    chosen: list[dict[str, Any]] = []
    depth = 0
    while len(chosen) < limit and any(len(rows) > depth for rows in by_task.values()):
        chosen += [rows[depth] for _, rows in sorted(by_task.items()) if len(rows) > depth]
        depth += 1
    return chosen[:limit]


def row_task_ids(dataset) -> list[str]:
    """The ARC task ids behind a dataset's rows (`source_task_id` when present, derived ids reduced to their task)."""
    from data.splits import base_task_id

    column = "source_task_id" if "source_task_id" in dataset.column_names else "task_id"
    if column not in dataset.column_names:
        return []
    return sorted({base_task_id(task_id) for task_id in dataset[column]})


def drop_held_out(dataset, *, allow: bool = False):
    """(rows, how many were dropped): the rows whose task is not held out (`data.splits`); everything when `allow`
    or when the rows carry no task id."""
    from data.splits import base_task_id, is_held_out

    column = "source_task_id" if "source_task_id" in dataset.column_names else "task_id"
    if allow or column not in dataset.column_names:
        return dataset, 0
    kept = dataset.filter(lambda row: not is_held_out(base_task_id(row[column])), desc="Dropping held-out tasks")
    return kept, len(dataset) - len(kept)


def select_columns(dataset, columns: Sequence[str] = REQUIRED_COLUMNS):
    """Only the columns the trainer reads (TRL keeps the others through tokenisation otherwise)."""
    return dataset.select_columns(list(columns))
