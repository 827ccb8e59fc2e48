"""The one held-out split of the project: which ARC tasks no training stage may touch.

A fixed fifth of the ARC-AGI-1 *training* tasks (by a hash of the task id, so the choice is stable whatever
order, subset or version of the task list is loaded) is held out, together with every task of the ARC-AGI-1
and ARC-AGI-2 *evaluation* splits — by id (`data.evaluation_ids`), so an evaluation task stays held out when
another dataset repeats it in its training split (ARC-AGI-2's training split holds 376 ARC-AGI-1 evaluation
tasks). Every stage that trains (the embedded student's pre-training corpus, the
sampler's task choice, the SFT export's train split, GRPO prompts and the curriculum, grid-model training
pools and few-shot encoders) leaves these tasks out by default and records the task ids it did train on in its
`run_config.json` under `TRAINED_TASKS_KEY`, so `arc-eval` can check any checkpoint's chain for overlap.

    from data.splits import is_held_out, held_out_ids, training_ids
    is_held_out("3c9b0459")                          # True: one of the held-out ARC-AGI-1 training tasks
    held_out_ids(load_tasks("arc-agi-1", "training"))  # the ~20 % of training tasks kept out of every stage

Pure functions only; nothing here reads files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from data.evaluation_ids import EVALUATION_IDS
from data.task import Task

# One bucket in five of a task id's SHA-256 is held out (ids are hex strings; the hash keeps the choice stable).
HOLDOUT_BUCKETS = 5
# The key under which every training stage lists, in its run_config.json, the task ids it trained on.
TRAINED_TASKS_KEY = "trained_task_ids"
# Splits whose tasks are held out as a whole (their test pairs are never trained on).
HELD_OUT_SPLITS = ("evaluation",)


def is_held_out(task_id: str) -> bool:
    """True for an id no training stage may use: an evaluation task of ARC-AGI-1 or -2 (whatever split it is
    loaded from), or one of the fixed ~20 % of the other ids (the id's hash decides)."""
    return task_id in EVALUATION_IDS or hashlib.sha256(task_id.encode()).digest()[0] % HOLDOUT_BUCKETS == 0


def base_task_id(task_id: str) -> str:
    """The ARC task id behind a derived id (`<id>~hindsight`, `<id>|<augmentation>`): what contamination is
    counted on."""
    return task_id.split("~", 1)[0].split("|", 1)[0]


def task_is_held_out(task: Task) -> bool:
    """A task no stage trains on: an evaluation-split task, or a held-out id (`is_held_out`)."""
    return task.split in HELD_OUT_SPLITS or is_held_out(base_task_id(task.id))


def held_out_ids(tasks: Iterable[Task | str]) -> list[str]:
    """The held-out ids among `tasks` (tasks or ids; ids are judged by `is_held_out`), sorted."""
    return sorted({_id(t) for t in tasks if (task_is_held_out(t) if isinstance(t, Task) else is_held_out(base_task_id(t)))})


def training_ids(tasks: Iterable[Task | str]) -> list[str]:
    """The ids among `tasks` that training stages may use (the complement of `held_out_ids`), sorted."""
    tasks = list(tasks)
    held = set(held_out_ids(tasks))
    return sorted({_id(t) for t in tasks} - held)


def without_held_out(tasks: Iterable[Task]) -> list[Task]:
    """`tasks` minus the held-out ones, in their order."""
    return [t for t in tasks if not task_is_held_out(t)]


def overlap(evaluated: Iterable[str], trained: Iterable[str]) -> list[str]:
    """Evaluated task ids that some training stage used (derived ids count as their base task), sorted."""
    seen = {base_task_id(t) for t in trained}
    return sorted({t for t in evaluated if base_task_id(t) in seen})


def _id(task: Task | str) -> str:
    return task.id if isinstance(task, Task) else task
