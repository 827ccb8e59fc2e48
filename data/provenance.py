"""What a trained model saw: follow a checkpoint's chain of run folders back to its first model.

Every training stage writes `run_config.json` into its output folder with the task ids it trained on
(`data.splits.TRAINED_TASKS_KEY`) and the model it started from (`model_path`); the embedded student records
its pre-training tasks in `build_info.json`. `training_chain(path)` reads them from the checkpoint back to
the start, so `arc-eval` can report which evaluated tasks any upstream stage trained on:

    chain = training_chain("runs/demo/grpo/merged")   # grpo → sft → embedded pre-training
    trained = trained_task_ids(chain)                 # the union over the chain
    overlap(evaluated_ids, trained)                   # (data.splits) the contaminated tasks

A folder named `merged` (an adapter folded into its base) or `model` (a grid model's export) is read through its
parent run folder; a LoRA adapter
folder continues at its base model. A chain link that records no task ids is listed with `task_ids=None`
(unknown: a model from elsewhere, e.g. a Hub id), so a report can say so rather than call its tasks clean.
Reading only: JSON files, no model is loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data.splits import TRAINED_TASKS_KEY

RUN_CONFIG = "run_config.json"
BUILD_INFO = "build_info.json"
MAX_LINKS = 16
EXPORTS = ("merged", "model")  # sub-folders a run exports its model to (described by the run's own files)  # a chain longer than this is a loop of folders naming each other


@dataclass(frozen=True)
class Link:
    """One stage of a model's history: where its files are, what it was, which task ids it trained on."""

    path: str
    stage: str
    task_ids: tuple[str, ...] | None  # None: the folder records nothing (unknown training data)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "stage": self.stage,
                "task_ids": None if self.task_ids is None else list(self.task_ids)}


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _run_folder(path: Path) -> Path:
    """The folder holding the run files for `path` (a `merged/` copy is described by its parent run)."""
    if not (path / RUN_CONFIG).is_file() and path.name in EXPORTS and (path.parent / RUN_CONFIG).is_file():
        return path.parent
    return path


def _stage(run: dict[str, Any], folder: Path) -> str:
    return str(run.get("stage") or folder.name)


def training_chain(path: str | Path) -> list[Link]:
    """The stages behind a model folder, newest first (see the module docstring)."""
    links: list[Link] = []
    seen: set[Path] = set()
    current: Path | None = Path(path)
    while current is not None and len(links) < MAX_LINKS:
        folder = _run_folder(current)
        key = folder.resolve() if folder.exists() else folder
        if key in seen:
            break
        seen.add(key)
        run = _read(folder / RUN_CONFIG)
        info = _read(folder / BUILD_INFO)
        adapter = _read(folder / "adapter_config.json")
        if run is not None:
            ids = run.get(TRAINED_TASKS_KEY)
            links.append(Link(str(folder), _stage(run, folder), None if ids is None else tuple(sorted(ids))))
            upstream = run.get("model_path") or (run.get("model") or {}).get("model_name_or_path")
            current = Path(upstream) if upstream and Path(upstream).exists() else None
        elif info is not None:  # the embedded student: its pre-training corpus
            ids = info.get(TRAINED_TASKS_KEY, info.get("pretraining_tasks"))
            links.append(Link(str(folder), "embedded pre-training", None if ids is None else tuple(sorted(ids))))
            current = None
        elif adapter is not None and adapter.get("base_model_name_or_path"):
            current = Path(adapter["base_model_name_or_path"])
            if not current.exists():
                links.append(Link(str(current), "base model", None))
                current = None
        else:
            links.append(Link(str(folder), "model", None))
            current = None
    return links


def trained_task_ids(chain: list[Link]) -> set[str]:
    """Every task id some link of the chain trained on."""
    return {task_id for link in chain if link.task_ids for task_id in link.task_ids}


def unknown_links(chain: list[Link]) -> list[str]:
    """Paths of the links whose training data is not recorded."""
    return [link.path for link in chain if link.task_ids is None]
