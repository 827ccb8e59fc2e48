"""The arc-eval command line: the bare evaluate form, compare, and user errors."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from harness.cli import app

runner = CliRunner()
# Two ARC-AGI-1 training tasks with reference programs would tie this test to arc_dsl's progress;
# the search solves these whole-grid transforms in well under a second.
IDS = "6150a2bd,67a3c6ac"


def arc_eval(*args):
    return subprocess.run([sys.executable, "-m", "harness", *args], capture_output=True, text=True, timeout=300)


def test_bare_form_evaluates_and_writes_reports(tmp_path):
    done = arc_eval("--solver", "search", "--time-budget", "5", "--workers", "1", "--split", "training",
                    "--ids", IDS, "--out", str(tmp_path), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["solved"] == 2


def test_compare_subcommand_writes_markdown_and_html(tmp_path):
    for name in ("a", "b"):
        result = runner.invoke(app, ["--solver", "search", "--time-budget", "5", "--workers", "1", "--split",
                                     "training", "--ids", IDS, "--out", str(tmp_path / name), "--no-progress"])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "c")])
    assert result.exit_code == 0 and "| ARC score |" in result.output
    assert (tmp_path / "c" / "compare.html").read_text().count("<svg") >= 4


@pytest.mark.parametrize("args", [
    ["--solver", "no-such-solver", "--limit", "1"],
    ["--solver", "search", "--checkpoint", "x", "--limit", "1"],
    ["--solver", "search", "--split", "nonsense"],
    ["compare", "/nonexistent/folder"],
])
def test_user_mistakes_exit_2_with_one_line(args, tmp_path):
    done = arc_eval(*args, "--out", str(tmp_path)) if args[0] != "compare" else arc_eval(*args)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_set_passes_extra_solver_options(tmp_path):
    done = arc_eval("--solver", "search", "--set", "max_depth=1", "--set", "time_budget=2", "--workers", "1",
                    "--split", "training", "--ids", "6150a2bd", "--out", str(tmp_path), "--no-progress")
    assert done.returncode == 0 and json.loads((tmp_path / "run.json").read_text())["options"]["max_depth"] == 1


def test_compare_over_a_torn_results_file_warns_and_leaves_it_alone(tmp_path, capsys):
    from harness.report import RESULTS_FILE, compare

    folder = tmp_path / "run"
    folder.mkdir()
    torn = b'{"task_id": "abc", "scores": {"sco'
    (folder / RESULTS_FILE).write_bytes(torn)
    compare([folder])
    err = capsys.readouterr().err
    assert "partial record" in err and "no finished task" in err
    assert (folder / RESULTS_FILE).read_bytes() == torn
