"""The `search` teacher: programs found by the DSL search, verified in the sandbox (demonstrations and known
test pairs), held-out tasks never searched, a cache that resumes, and traces through `arc-sample`."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from data.errors import UserError
from data.loaders import load_tasks
from data.splits import task_is_held_out
from data.task import Example
from sampler.backends import get_backend

TRANSPOSE, HELD_OUT = "74dd1130", "67a3c6ac"  # mirror_diagonal (has a reference solver); a held-out mirror task
NO_REFERENCE = "045e512c"  # an ARC-AGI-1 training task without a reference solver


@pytest.fixture(scope="module")
def tasks():
    return {t.id: t for t in load_tasks("arc-agi-1", "training", ids=[TRANSPOSE, HELD_OUT, NO_REFERENCE])}


def teacher(**options):
    return get_backend("search", time_budget=1.0, workers=1, **options)


def test_finds_and_keeps_a_verified_program_and_never_searches_a_held_out_task(tasks, tmp_path, capsys):
    assert task_is_held_out(tasks[HELD_OUT]) and not task_is_held_out(tasks[TRANSPOSE])
    cache = tmp_path / "programs.jsonl"
    backend = teacher(skip_reference=False, programs_cache=str(cache))
    backend.prepare([tasks[TRANSPOSE], tasks[HELD_OUT]])
    assert backend.has_program(TRANSPOSE) and "mirror_diagonal(I)" in backend.programs[TRANSPOSE]
    assert not backend.has_program(HELD_OUT) and HELD_OUT not in backend.searched
    records = [json.loads(line) for line in cache.read_text().splitlines()]
    assert [r["task_id"] for r in records] == [TRANSPOSE] and records[0]["program"] == backend.programs[TRANSPOSE]
    assert "1/1 searched, 1 verified" in capsys.readouterr().err


def test_a_rerun_reads_the_cache_instead_of_searching(tasks, tmp_path, monkeypatch):
    cache = tmp_path / "programs.jsonl"
    teacher(skip_reference=False, programs_cache=str(cache)).prepare([tasks[TRANSPOSE]])

    def no_search(*args):
        raise AssertionError("searched again")

    monkeypatch.setattr("solvers.search.solver.solve_task", no_search)
    again = teacher(skip_reference=False, programs_cache=str(cache))
    again.prepare([tasks[TRANSPOSE]])
    assert again.has_program(TRANSPOSE)


def test_tasks_with_a_reference_solver_are_left_to_the_offline_teacher_by_default(tasks):
    backend = teacher()
    assert not backend.wants(tasks[TRANSPOSE]) and backend.wants(tasks[NO_REFERENCE])
    assert not backend.wants(tasks[HELD_OUT])


def test_verification_runs_the_program_in_the_sandbox_on_demonstrations_and_known_tests(tasks):
    backend = teacher(skip_reference=False)
    task = tasks[TRANSPOSE]
    right = "from arc_dsl import *\n\ndef solve(I):\n    return mirror_diagonal(I)\n"
    escape = "import os\n\ndef solve(I):\n    return tuple(zip(*I))\n"  # right outputs, but refused by the sandbox
    assert backend.verified_program(task, [right], [1.0]) == right
    assert backend.verified_program(task, [escape, right], [1.0, 1.0]) == right
    assert backend.verified_program(task, [right], [0.9]) is None  # not an exact fit: never a teacher program
    # A program that fits the demonstrations but not the known test output is a coincidence: rejected.
    wrong_test = replace(task, test=tuple(Example(e.input, tuple(tuple((c + 1) % 10 for c in row) for row in e.output))
                                          for e in task.test))
    assert backend.verified_program(wrong_test, [right], [1.0]) is None
    # Unknown test outputs (an evaluation-style task): the demonstrations decide.
    assert backend.verified_program(task.without_test_outputs(), [right], [1.0]) == right


def test_programs_file_is_refused():
    with pytest.raises(UserError, match="programs_file"):
        get_backend("search", programs_file="x.json")


def test_arc_sample_with_the_search_teacher_writes_traces_and_the_cache(tmp_path):
    from tests.sampler.test_cli import arc_sample, lines

    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(f"""\
teacher: search
teacher_options: {{skip_reference: false, time_budget: 1.0, workers: 1}}
ids: [{TRANSPOSE}, {HELD_OUT}]
style: compact
samples: 4
rounds: 1
parents: 2
edits: 2
task_concurrency: 1
""")
    done = arc_sample("--config", recipe, "--out", tmp_path / "out")
    assert "search teacher: 1/1 searched, 1 verified" in done.stderr + done.stdout
    cache = lines(tmp_path / "out" / "search_programs.jsonl")
    assert [r["task_id"] for r in cache] == [TRANSPOSE]
    traces = lines(tmp_path / "out" / "traces.jsonl")
    assert traces and {t["task_id"].split("~")[0] for t in traces} == {TRANSPOSE}


def test_task_selection_searches_only_as_far_as_the_limit_needs():
    from sampler.config import SampleConfig
    from sampler.tasks import select_tasks

    ids = ["6150a2bd", "68b16354", "74dd1130", "9dfd6313"]  # all found by the search in well under a second
    backend = teacher(skip_reference=False)
    chosen = select_tasks(SampleConfig(teacher="search", ids=ids, limit=1), backend)
    assert [t.id for t in chosen] == ["6150a2bd"]
    assert sorted(backend.searched) == ["6150a2bd", "68b16354"]  # one chunk of twice the missing count
