"""The reference solver through the harness: it solves the tasks it has verified programs for."""

import pytest

from data.loaders import load_tasks
from harness.runner import evaluate
from solvers.reference import ReferenceSolver


@pytest.fixture(scope="module")
def solver():
    return ReferenceSolver()


def test_solves_three_tasks_with_reference_programs(tmp_path, solver):
    ids = sorted(solver.programs)[:3]
    summary = evaluate(solver, load_tasks("arc-agi-1", "training", ids=ids), tmp_path, progress=False)
    assert summary.solved_ids == tuple(ids)


def test_task_without_program_gets_no_attempt(solver):
    task = next(t for t in load_tasks("arc-agi-1", "evaluation") if t.id not in solver.programs)
    assert solver.predict(task.without_test_outputs()) == [[] for _ in task.test]


def test_reports_program_text(solver):
    task_id = sorted(solver.programs)[0]
    task = load_tasks("arc-agi-1", "training", ids=[task_id])[0]
    assert solver.predict_detailed(task.without_test_outputs()).info["programs"] == [solver.programs[task_id]]
