"""The `arc-dsl` CLI: docs, coverage and check, and its exit codes."""

import json

import pytest
from typer.testing import CliRunner

from arc_dsl.cli import app
from arc_dsl.solvers import load_solvers

runner = CliRunner()


def invoke(*args):
    # run_cli's UserError handling is exercised through main(); here Typer raises it, so catch it.
    from data.errors import UserError

    result = runner.invoke(app, list(args))
    if isinstance(result.exception, UserError):
        return 2, str(result.exception)
    return result.exit_code, result.output


def test_docs_top_lists_that_many_primitives():
    code, output = invoke("docs", "--top", "5")
    assert code == 0 and sum("  # " in line for line in output.splitlines()) == 5


def test_docs_names_lists_those():
    code, output = invoke("docs", "--names", "fill,paint")
    assert code == 0 and "fill(grid: Grid" in output and "paint(grid: Grid" in output and "rotate_90" not in output


def test_docs_top_and_names_together_is_a_user_error():
    code, message = invoke("docs", "--top", "3", "--names", "fill")
    assert code == 2 and "not both" in message


def test_coverage_json_counts_every_registered_solver_as_verified():
    code, output = invoke("coverage", "--json")
    summary = json.loads(output)
    training = summary["splits"]["training"]
    assert code == 0 and training["verified"] == training["registered"] == len(load_solvers())


def test_check_passing_solver_exits_zero():
    code, output = invoke("check", "67a3c6ac")
    assert code == 0 and "4/4 pairs pass" in output


def test_check_wrong_draft_exits_one(tmp_path):
    draft = tmp_path / "draft.py"
    draft.write_text("from arc_dsl import *\n\n\ndef solve(I):\n    return I\n")
    code, output = invoke("check", "67a3c6ac", "--file", str(draft))
    assert code == 1 and "FAIL" in output


def test_check_unknown_task_is_a_user_error():
    code, message = invoke("check", "ffffffff")
    assert code == 2 and "ffffffff" in message


def test_main_turns_user_errors_into_exit_2(capsys, monkeypatch):
    from arc_dsl.cli import main

    monkeypatch.setattr("sys.argv", ["arc-dsl", "docs", "--names", "no_such_primitive"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2 and "no_such_primitive" in capsys.readouterr().err
