"""Small tasks and toy solvers for the harness tests (no arc_dsl, sandbox or models needed)."""

from __future__ import annotations

import pytest

from data.task import Example, Task


def rot180(grid):
    return tuple(row[::-1] for row in grid[::-1])


def make_task(task_id: str, tests: int = 1) -> Task:
    """A task whose rule is 'rotate by 180°' (it commutes with every augmentation)."""
    grids = [((1, 2), (3, 0)), ((0, 5, 5), (6, 0, 0)), ((7,), (8,), (9,)), ((1, 1, 2),), ((4, 0), (0, 3))]
    train = tuple(Example(g, rot180(g)) for g in grids[:3])
    test = tuple(Example(g, rot180(g)) for g in grids[3:3 + tests])
    return Task(task_id, train, test, "toy", "training")


class Rot180Solver:
    """Answers rot180 of every test input; records what it was shown."""

    name = "rot180"
    trained_on = "nothing"

    def __init__(self) -> None:
        self.seen: list[Task] = []

    def predict(self, task: Task):
        self.seen.append(task)
        return [[rot180(example.input)] for example in task.test]


class IdentitySolver:
    """Answers the test input unchanged (wrong for the rot180 tasks unless symmetric)."""

    name = "identity"
    trained_on = "nothing"

    def predict(self, task: Task):
        return [[example.input] for example in task.test]


@pytest.fixture
def tasks() -> list[Task]:
    return [make_task("t1"), make_task("t2", tests=2), make_task("t3")]


@pytest.fixture
def toy():
    """The helpers above, for tests (conftest modules are not importable under --import-mode=importlib)."""
    import types

    return types.SimpleNamespace(rot180=rot180, make_task=make_task, Rot180Solver=Rot180Solver,
                                 IdentitySolver=IdentitySolver)
