"""Every registered reference solver reproduces all train and test outputs of its task, in the
program format models write (`from arc_dsl import *`, `def solve(I)`), without literal output grids."""

import ast

import pytest

from arc_dsl.solvers import load_solvers, solver_ids, solver_source, verify_program
from data import load_tasks
from data.errors import UserError

SOLVERS = load_solvers()
ALLOWED_IMPORTS = {"arc_dsl", "math", "itertools", "functools", "collections", "numpy"}


@pytest.fixture(scope="module")
def tasks():
    return {task.id: task for task in load_tasks("arc-agi-1", "training")}


def test_at_least_25_solvers_are_registered():
    assert len(SOLVERS) >= 25 and solver_ids() == sorted(SOLVERS)


@pytest.mark.parametrize("task_id", sorted(SOLVERS))
def test_solver_passes_every_pair(task_id, tasks):
    report = verify_program(task_id, SOLVERS[task_id], tasks[task_id])
    failing = [(pair.split, pair.index, pair.error) for pair in report.pairs if not pair.passed]
    assert report.passed, f"{task_id}: {report.error or failing}"


def _literal_grid(node: ast.AST) -> bool:
    # A tuple/list of at least two tuples/lists of int constants looks like a hard-coded grid.
    rows = getattr(node, "elts", None)
    if not isinstance(node, (ast.Tuple, ast.List)) or not rows or len(rows) < 2:
        return False
    return all(isinstance(row, (ast.Tuple, ast.List)) and len(row.elts) >= 2
               and all(isinstance(cell, ast.Constant) and isinstance(cell.value, int) for cell in row.elts)
               for row in rows)


@pytest.mark.parametrize("task_id", sorted(SOLVERS))
def test_solver_follows_the_program_format(task_id):
    text = SOLVERS[task_id]
    tree = ast.parse(text)
    assert text.startswith("from arc_dsl import *\n")
    solves = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "solve"]
    assert len(solves) == 1 and [arg.arg for arg in solves[0].args.args] == ["I"]
    assert "    # " in text, "say the rule in a comment"
    imports = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    imports |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imports <= ALLOWED_IMPORTS
    assert not any(_literal_grid(node) for node in ast.walk(tree)), "no literal grids"


def test_literal_grid_check_catches_a_hard_coded_grid():
    assert _literal_grid(ast.parse("((1, 2), (3, 4))").body[0].value)
    assert not _literal_grid(ast.parse("(RED, YELLOW, GREEN)").body[0].value)


def test_solver_source_is_the_file_text():
    task_id = solver_ids()[0]
    assert solver_source(task_id) == SOLVERS[task_id]


def test_solver_source_unknown_task_is_a_user_error():
    with pytest.raises(UserError):
        solver_source("ffffffff")


def test_verify_program_reports_wrong_outputs(tasks):
    task = tasks["67a3c6ac"]
    report = verify_program(task.id, "from arc_dsl import *\ndef solve(I):\n    return I\n", task)
    assert not report.passed and len(report.pairs) == len(task.train) + len(task.test)


def test_verify_program_reports_a_broken_program(tasks):
    report = verify_program("67a3c6ac", "def solve(I) return I", tasks["67a3c6ac"])
    assert not report.passed and report.error.startswith("SyntaxError")
