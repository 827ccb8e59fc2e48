"""The program solver: weighted vote, and real SDK calls to the loopback OpenAI-wire server."""

import itertools
import json
import os
import subprocess
import sys

import pytest

from data.loaders import load_tasks
from editing.prompts import CURRENT_PROGRAM_HEADER
from sampler.fake_server import FakeLLMServer
from solvers.program import ProgramSolver, Sample, weighted_vote

ROT180_TASK = "6150a2bd"  # ARC-AGI-1 training: the output is the input turned by 180°
RIGHT = "<think>Turn it around.</think>\n```python\nfrom arc_dsl import *\n\n\ndef solve(I):\n    return rotate_180(I)\n```"
WRONG = "<think>Copy it.</think>\n```python\nfrom arc_dsl import *\n\n\ndef solve(I):\n    return I\n```"


def sample(program, exact, test):
    return Sample(program, exact, tuple(1.0 if e else 0.5 for e in exact), (test,), None, 0.0)


@pytest.fixture
def task():
    return load_tasks("arc-agi-1", "training", ids=[ROT180_TASK])[0]


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with FakeLLMServer() as running:
        yield running


def make_solver(server, **options):
    return ProgramSolver(backend="openai", base_url=server.openai_base_url, model="gpt-4.1-mini", **options)


def solved(task, prediction):
    return all(any(a == e.output for a in attempts) for attempts, e in zip(prediction.attempts, task.test, strict=False))


def test_a_fitting_program_outvotes_agreeing_partial_ones():
    good, bad = ((1,),), ((2,),)
    ranked = weighted_vote([sample("a", (False, True), bad), sample("b", (False, True), bad),
                            sample("c", (True, True), good)], 0)
    assert ranked[0][0] == good


def test_identical_outputs_pool_their_weight():
    grid = ((1,),)
    ranked = weighted_vote([sample("c", (True, False), ((2,),)), sample("a", (True, False), grid),
                            sample("b", (True, False), grid)], 0)
    assert ranked[0][0] == grid


def test_programs_without_output_do_not_vote():
    assert weighted_vote([sample("a", (True,), None)], 0) == []


def test_solves_task_when_one_sample_is_right(server, task):
    replies = itertools.cycle([WRONG, RIGHT, WRONG])
    server.handler = lambda request: next(replies)
    solver = make_solver(server, samples=3)
    try:
        prediction = solver.predict_detailed(task.without_test_outputs())
    finally:
        solver.close()
    assert solved(task, prediction) and prediction.info["fitting_programs"] == 1


def test_anthropic_backend_through_the_server(server, task, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
    server.handler = lambda request: RIGHT
    solver = ProgramSolver(backend="anthropic", base_url=server.anthropic_base_url, model="claude-haiku-4-5",
                           samples=2)
    try:
        prediction = solver.predict_detailed(task.without_test_outputs())
    finally:
        solver.close()
    assert solved(task, prediction) and all(r.api == "anthropic" for r in server.requests)


def test_counts_tokens_and_cost(server, task):
    solver = make_solver(server, samples=2)
    try:
        prediction = solver.predict_detailed(task.without_test_outputs())
    finally:
        solver.close()
    assert prediction.tokens > 0 and prediction.cost_usd > 0


def test_edit_round_revises_the_best_program(server, task):
    server.handler = lambda request: RIGHT if CURRENT_PROGRAM_HEADER in request.last_user_text else WRONG
    solver = make_solver(server, samples=2, rounds=2)
    try:
        prediction = solver.predict_detailed(task.without_test_outputs())
    finally:
        solver.close()
    assert solved(task, prediction) and prediction.info["rounds"] == 1


def test_an_edit_round_applies_line_edits_to_the_program_its_prompt_lists(server, task):
    """Compact edit prompts list the parent for line edits: an answer that replaces its `return` line fixes it."""
    def reply(request):
        if CURRENT_PROGRAM_HEADER not in request.last_user_text:
            return WRONG
        assert "@5     return I" in request.last_user_text  # the parent, as numbered rows
        return "<think>Turn it around.</think>\n```edit\n@5     return rotate_180(I)\n```"

    server.handler = reply
    solver = make_solver(server, samples=2, rounds=2, style="compact")
    try:
        prediction = solver.predict_detailed(task.without_test_outputs())
    finally:
        solver.close()
    assert solved(task, prediction) and prediction.info["rounds"] == 1


def test_no_edit_round_once_a_program_fits(server, task):
    server.handler = lambda request: RIGHT
    solver = make_solver(server, samples=2, rounds=3)
    try:
        solver.predict_detailed(task.without_test_outputs())
    finally:
        solver.close()
    assert len(server.requests) == 1


def test_arc_eval_cli_runs_program_solver_against_the_server(server, tmp_path):
    server.handler = lambda request: RIGHT
    env = {**os.environ, "OPENAI_API_KEY": "sk-test"}
    command = [sys.executable, "-m", "harness", "--solver", "program", "--backend", "openai", "--base-url",
               server.openai_base_url, "--model", "gpt-4.1-mini", "--samples", "2", "--split", "training",
               "--ids", f"{ROT180_TASK},3c9b0459", "--out", str(tmp_path), "--no-progress"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert '"solved": 2' in (tmp_path / "report.json").read_text()


@pytest.mark.slow
@pytest.mark.timeout(3600)  # the first call builds the embedded model (minutes on a busy CPU)
def test_embedded_student_runs_end_to_end(tmp_path):
    """The default program solver (the embedded student on CPU) through arc-eval; builds the model once."""
    command = [sys.executable, "-m", "harness", "--solver", "program", "--samples", "2", "--set", "max_tokens=96",
               "--split", "training", "--ids", ROT180_TASK, "--out", str(tmp_path), "--no-progress"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3000)
    assert done.returncode == 0, done.stderr
    record = json.loads((tmp_path / "results.jsonl").read_text().splitlines()[0])
    assert record["info"]["completions"] == 2 and "error" not in record["info"]
