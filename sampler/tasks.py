"""Which tasks a sampling run covers: the recipe's dataset, split, ids and filters, in id order."""

from __future__ import annotations

from typing import Any

from data.errors import UserError
from data.task import Task

# Teachers that teach from a verified program per task (tasks without one are left out by default).
PROGRAM_TEACHERS = ("offline", "search")


def demonstration_cells(task: Task) -> int:
    """Cells in every demonstration grid (inputs and outputs): what a prompt's grids cost."""
    return sum(len(g) * len(g[0]) for e in task.train for g in (e.input, e.output))


def select_tasks(config: Any, backend: Any = None) -> list[Task]:
    """The tasks of a run: ids / dataset / split minus the held-out tasks (`data.splits`; unless `allow_held_out`),
    then the program and size filters, then the limit.

    `require_program` (default: on for the offline and search teachers) keeps tasks with a verified program; a
    teacher with `prepare(tasks)` (search) first looks for programs, in id order, only as far as `limit` needs.
    """
    from data.loaders import load_tasks

    tasks = load_tasks(config.dataset, config.split, ids=config.ids)
    if not getattr(config, "allow_held_out", False):  # the project's one split: held-out tasks train nothing
        from data.splits import without_held_out

        tasks = without_held_out(tasks)
    require = (config.require_program if config.require_program is not None
               else config.teacher in PROGRAM_TEACHERS)
    if config.max_cells is not None:
        tasks = [t for t in tasks if demonstration_cells(t) <= config.max_cells]
    if require and hasattr(backend, "prepare"):  # a teacher that finds its programs (search) looks now
        _prepare(backend, sorted(tasks, key=lambda t: t.id), config.limit)
    if require:
        has_program = getattr(backend, "has_program", None)
        if has_program is None:
            from arc_dsl.solvers import load_solvers

            known = set(load_solvers())
            has_program = known.__contains__
        tasks = [t for t in tasks if has_program(t.id)]
    tasks = sorted(tasks, key=lambda t: t.id)
    if config.limit is not None:
        tasks = tasks[: config.limit]
    if not tasks:
        raise UserError("no task matches the recipe (dataset, split, ids, held-out tasks left out, require_program, "
                        "max_cells)")
    return tasks


def _prepare(backend: Any, tasks: list[Task], limit: int | None) -> None:
    """Let the teacher find programs for `tasks`; with a `limit`, in chunks until `limit` tasks have one."""
    if limit is None:
        backend.prepare(tasks)
        return
    start, found = 0, 0
    while start < len(tasks) and found < limit:
        chunk = tasks[start:start + 2 * (limit - found)]
        backend.prepare(chunk)
        found += sum(backend.has_program(t.id) for t in chunk)
        start += len(chunk)
