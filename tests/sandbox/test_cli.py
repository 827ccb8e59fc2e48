"""`arc-sandbox run` and `arc-sandbox bench` (exit codes, output shape; never timings)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from arc_dsl.solvers import solver_source
from rewards.sandbox_cli import app

pytestmark = pytest.mark.timeout(180)
TASK = "67a3c6ac"  # mirror each row: its reference solver is registered


@pytest.fixture
def program_file(tmp_path):
    path = tmp_path / "program.py"
    path.write_text(solver_source(TASK))
    return path


def test_run_scores_a_reference_solver_as_solved(program_file):
    result = CliRunner().invoke(app, ["run", str(program_file), "--task", TASK])
    assert result.exit_code == 0 and "reward 1.200" in result.output and "solved" in result.output


def test_run_json_reports_every_pair(program_file):
    result = CliRunner().invoke(app, ["run", str(program_file), "--task", TASK, "--json"])
    report = json.loads(result.output)
    assert report["reward"]["solved"] and all(pair["exact"] for pair in report["pairs"])
    assert {pair["split"] for pair in report["pairs"]} == {"train", "test"}


def test_run_without_policy_still_isolates(tmp_path):
    path = tmp_path / "evil.py"
    path.write_text("def solve(I):\n    return ((len(open('/etc/passwd').read()) % 10,),)\n")
    report = json.loads(CliRunner().invoke(app, ["run", str(path), "--task", TASK, "--json", "--no-policy"]).output)
    assert report["policy"] is False
    assert all(pair["error"] == "runtime" and "PermissionError" in pair["message"] for pair in report["pairs"])


def test_missing_program_file_is_one_line_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "sandbox", "run", str(tmp_path / "nope.py"), "--task", TASK],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"arc-sandbox: error: PROGRAM: no such file or folder: {tmp_path / 'nope.py'}"]


def test_unknown_bench_mode_is_exit_2():
    result = subprocess.run([sys.executable, "-m", "sandbox", "bench", "--modes", "warp"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 2 and "--modes" in result.stderr


def test_bench_reports_every_mode_and_the_ratios():
    result = CliRunner().invoke(app, ["bench", "--seconds", "0.5", "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["modes"]) == {"sandbox", "inprocess", "cold"}
    assert set(report["ratios"]) == {"sandbox/inprocess", "sandbox/cold"}
    for mode in ("sandbox", "inprocess"):  # every program reproduced its task on the first pass
        correct, total = map(int, report["modes"][mode]["correct"].split("/"))
        assert correct == total > 0
