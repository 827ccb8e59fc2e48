"""The offline teacher: broken first attempts, repairs from feedback, no solution in any prompt."""

import asyncio

import pytest

from arc_dsl.solvers import load_solvers
from data.errors import UserError
from data.loaders import load_tasks
from editing.execution import score_programs
from editing.mutate import strip_comments
from editing.prompts import edit_messages, write_messages
from rewards import extract_program, extract_reasoning
from sampler.backends import get_backend

TASK_IDS = sorted(load_solvers())[:4]


@pytest.fixture(scope="module")
def tasks():
    return load_tasks("arc-agi-1", "training", ids=TASK_IDS)


def ask(backend, messages, n, task=None):
    return asyncio.run(backend.complete(messages, n, task=task))


def first_attempts(task, n=6, seed=0):
    backend = get_backend("offline", seed=seed)
    return [extract_program(c.text) for c in ask(backend, write_messages(task, style="compact"), n, task)]


def test_first_attempts_fail_but_run(tasks):
    for task in tasks:
        scored = score_programs(first_attempts(task), task)
        assert scored and not any(s.solved for s in scored) and all(s.program for s in scored)


def test_first_attempts_carry_no_rule_comment(tasks):
    for task in tasks:
        assert all("#" not in program for program in first_attempts(task))


def test_first_attempts_come_with_reasoning(tasks):
    completion = ask(get_backend("offline"), write_messages(tasks[0], style="compact"), 1, tasks[0])[0]
    assert extract_reasoning(completion.text) and extract_program(completion.text)


def test_same_prompt_same_answers(tasks):
    assert first_attempts(tasks[1], seed=3) == first_attempts(tasks[1], seed=3)


def test_another_seed_other_answers(tasks):
    assert first_attempts(tasks[1], seed=3) != first_attempts(tasks[1], seed=4)


def edits_of(task, parent):
    backend = get_backend("offline")
    result = score_programs([parent], task)[0]
    messages = edit_messages(task, parent, result.result, style="compact")
    completions = ask(backend, messages, 4, task)
    return result, messages, completions


def test_edits_improve_the_parent_on_average(tasks):
    gains = []
    for task in tasks:
        for parent in first_attempts(task, n=3):
            result, _, completions = edits_of(task, parent)
            children = score_programs([extract_program(c.text) for c in completions], task)
            gains.extend(child.reward - result.reward for child in children)
    assert sum(g > 0 for g in gains) > len(gains) / 2


def test_some_edits_fix_only_part_of_the_mistakes(tasks):
    partial = 0
    for task in tasks:
        for parent in first_attempts(task, n=6):
            result, _, completions = edits_of(task, parent)
            children = score_programs([extract_program(c.text) for c in completions], task)
            partial += sum(result.reward < child.reward and not child.solved for child in children)
    assert partial > 0


def test_edit_prompt_holds_no_solution(tasks):
    for task in tasks:
        solution = load_solvers()[task.id].strip()
        for parent in first_attempts(task, n=3):
            _, messages, _ = edits_of(task, parent)
            text = "\n".join(m["content"] for m in messages)
            assert solution not in text and strip_comments(solution).strip() not in text


def test_task_is_recognised_from_the_prompt_alone(tasks):
    completions = ask(get_backend("offline"), write_messages(tasks[0], style="compact"), 2)
    assert len(completions) == 2


def test_task_without_program_is_a_user_error(toy_task):
    with pytest.raises(UserError, match="no verified program"):
        ask(get_backend("offline"), write_messages(toy_task, style="compact"), 1, toy_task)


def test_programs_file_supplies_programs(toy_task, tmp_path):
    import json

    program = "from arc_dsl import *\n\n\ndef solve(I):\n    return mirror_vertical(I)\n"
    path = tmp_path / "programs.json"
    path.write_text(json.dumps({toy_task.id: program}))
    backend = get_backend("offline", programs_file=str(path))
    assert score_programs([program], toy_task)[0].solved
    completions = ask(backend, write_messages(toy_task, style="compact"), 3, toy_task)
    assert completions and all(not s.solved for s in score_programs([extract_program(c.text) for c in completions],
                                                                    toy_task))
