"""ARC tasks as Hugging Face datasets: build a `DatasetDict` (the original tasks plus N augmentations of
each), save it atomically, push it to the Hub behind a flag, and read tasks back from a saved folder.

    from data import load_tasks
    from data.hf import save_dataset, tasks_to_dataset_dict
    dd = tasks_to_dataset_dict({"training": load_tasks("arc-agi-1", "training")}, augment=8, seed=0)
    save_dataset(dd, "runs/ds")                    # then datasets.load_from_disk("runs/ds")
    tasks = load_tasks("runs/ds", "training", identity_only=True)

On the command line: `arc-data build --dataset arc-agi-1 --split training --augment 8 --out runs/ds`.

One row per (task, augmentation); the original task comes first with augmentation "id", so `augment=8`
gives 9 rows per task. Columns:
    task_id       the original task id (shared by all rows of a task)
    augmentation  `Augmentation.name` of the row ("id" for the original); `Augmentation.parse(name)
                  .invert(grid)` maps a prediction made on the row back to the original task
    dataset, split  where the task came from
    train, test   lists of {"input": grid, "output": grid} (grids as lists of rows of ints 0–9;
                  a test output is None when the answer is hidden)
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import datasets

from data.augment import Augmentation, augmentations
from data.errors import DataError, UserError
from data.grid import as_lists
from data.task import Example, Task

_GRID = datasets.List(datasets.List(datasets.Value("int8")))
FEATURES = datasets.Features({
    "task_id": datasets.Value("string"),
    "augmentation": datasets.Value("string"),
    "dataset": datasets.Value("string"),
    "split": datasets.Value("string"),
    "train": datasets.List({"input": _GRID, "output": _GRID}),
    "test": datasets.List({"input": _GRID, "output": _GRID}),
})
COLUMNS = tuple(FEATURES)


def _pairs(examples: Sequence[Example]) -> list[dict[str, Any]]:
    return [{"input": as_lists(e.input), "output": None if e.output is None else as_lists(e.output)}
            for e in examples]


def task_row(task: Task, augmentation: Augmentation = Augmentation()) -> dict[str, Any]:
    """One dataset row: `task` under `augmentation` (the identity by default)."""
    augmented = augmentation.task(task)
    return {"task_id": task.id, "augmentation": augmentation.name, "dataset": task.dataset,
            "split": task.split, "train": _pairs(augmented.train), "test": _pairs(augmented.test)}


def task_augmentations(task: Task, count: int, seed: int, *, keep_background: bool = True,
                       max_translate: int = 0) -> list[Augmentation]:
    """The identity followed by `count` distinct augmentations of `task`. They depend only on
    (seed, task id), so a subset of tasks gets the same augmentations as the full build."""
    task_seed = zlib.crc32(f"{seed}:{task.id}".encode())
    return [Augmentation(), *augmentations(count, task_seed, keep_background=keep_background,
                                           max_translate=max_translate, task=task)]


def tasks_to_dataset_dict(tasks_by_split: Mapping[str, Iterable[Task]], *, augment: int = 0, seed: int = 0,
                          keep_background: bool = True, max_translate: int = 0,
                          progress: bool = False) -> datasets.DatasetDict:
    """A `DatasetDict` with one split per key of `tasks_by_split` and `augment + 1` rows per task."""
    if augment < 0:
        raise UserError(f"augment must be >= 0, got {augment}")
    if max_translate < 0:
        raise UserError(f"max_translate must be >= 0, got {max_translate}")
    splits = {}
    for split, tasks in tasks_by_split.items():
        tasks = list(tasks)
        if progress:
            from rich.console import Console
            from rich.progress import track

            # On stderr, so stdout keeps only the command's result.
            tasks = track(tasks, description=f"augmenting {split or 'tasks'}", transient=True,
                          console=Console(stderr=True))
        rows = [task_row(task, aug) for task in tasks
                for aug in task_augmentations(task, augment, seed, keep_background=keep_background,
                                              max_translate=max_translate)]
        splits[split or "all"] = datasets.Dataset.from_list(rows, features=FEATURES)
    return datasets.DatasetDict(splits)


def dataset_to_tasks(dataset: datasets.Dataset, *, identity_only: bool = False, file: str | None = None
                     ) -> list[Task]:
    """Tasks from rows built by `tasks_to_dataset_dict`; each keeps its augmentation in
    `task.meta` ("augmentation" → name). Rows are validated like ARC JSON."""
    missing = [column for column in ("task_id", "augmentation", "train", "test")
               if column not in dataset.column_names]
    if missing:
        raise DataError(f"not an ARC task dataset: missing column(s) {', '.join(missing)}", file=file)
    if identity_only:  # select() keeps an index in memory; filter() would write cache files into the folder
        dataset = dataset.select([i for i, name in enumerate(dataset["augmentation"]) if name == "id"])
    tasks = []
    for row in dataset:
        task = Task.from_json(row["task_id"], {"train": row["train"], "test": row["test"]}, file=file,
                              dataset=row.get("dataset") or "", split=row.get("split") or "")
        tasks.append(dataclasses.replace(task, meta=(("augmentation", row["augmentation"]),)))
    return tasks


def saved_splits(path: str | Path) -> list[str]:
    """The split names of a dataset folder saved by `save_dataset` ([""] for a single saved Dataset)."""
    loaded = _load(path)
    return list(loaded) if isinstance(loaded, datasets.DatasetDict) else [""]


def load_saved_tasks(path: str | Path, split: str = "training", *, identity_only: bool = False) -> list[Task]:
    """Tasks from a saved dataset folder. `split` picks a split of a DatasetDict ("train"/"eval" are
    read as "training"/"evaluation"); a folder with a single split is read whatever `split` says."""
    loaded = _load(path)
    if isinstance(loaded, datasets.DatasetDict):
        names = list(loaded)
        aliases = {"train": "training", "eval": "evaluation"}
        wanted = aliases.get(split, split)
        if wanted in loaded:
            loaded = loaded[wanted]
        elif len(names) == 1 or not split:
            loaded = datasets.concatenate_datasets([loaded[name] for name in names])
        else:
            raise UserError(f"split {split!r} not in {path}; it has: {', '.join(names)}")
    return dataset_to_tasks(loaded, identity_only=identity_only, file=str(path))


def _load(path: str | Path) -> datasets.Dataset | datasets.DatasetDict:
    try:
        return datasets.load_from_disk(str(path))
    except FileNotFoundError as error:
        raise DataError(f"not a saved dataset ({error})", file=str(path)) from None


def hub_offline() -> bool:
    """True when the Hugging Face Hub is switched off for this process (HF_HUB_OFFLINE)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def check_destination(out: str | Path, *, push_to_hub: str | None = None, overwrite: bool = False) -> Path:
    """Refuse, before any work, a save that cannot succeed: `out` taken (without `overwrite`) or is a
    file, or a push while offline."""
    out = Path(out)
    if push_to_hub and hub_offline():
        raise UserError(f"cannot push to the Hub repo {push_to_hub}: offline mode is on (HF_HUB_OFFLINE=1); "
                        "unset it or drop --push-to-hub")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file; --out must be a folder")
    if out.exists() and not overwrite and any(out.iterdir()):
        raise UserError(f"{out} already exists; choose another --out or pass --overwrite")
    return out


def save_dataset(dataset_dict: datasets.DatasetDict, out: str | Path, *, push_to_hub: str | None = None,
                 private: bool = True, overwrite: bool = False) -> Path:
    """Write `dataset_dict` to `out` (and push it to the Hub repo `push_to_hub` when given).

    Nothing is half-written: the dataset is saved to a temporary folder beside `out`, pushed, and only
    then moved into place, so a failed save or push leaves `out` as it was. Offline (HF_HUB_OFFLINE set)
    a push is refused before anything is written.
    """
    out = check_destination(out, push_to_hub=push_to_hub, overwrite=overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        built = staging / "dataset"
        dataset_dict.save_to_disk(str(built))
        if push_to_hub:
            _push(dataset_dict, push_to_hub, private=private)
        if out.exists():  # overwrite: swap the old folder out only once the new one is complete
            old = staging / "old"
            out.rename(old)
            try:
                built.rename(out)
            except OSError:
                old.rename(out)
                raise
        else:
            built.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def _push(dataset_dict: datasets.DatasetDict, repo_id: str, *, private: bool) -> None:
    try:
        dataset_dict.push_to_hub(repo_id, private=private)
    except Exception as error:  # network, auth and hub errors all become one line for the user
        detail = (str(error).strip().splitlines() or [""])[0]
        raise UserError(f"push to the Hub repo {repo_id} failed ({type(error).__name__}: {detail}); "
                        "nothing was written") from None
