"""Prompt templates: what they show, and what they never show (test outputs, the task's own solution)."""

import re

import pytest

from arc_dsl.solvers import load_solvers
from data.grid import grid_to_text
from data.loaders import load_tasks
from editing.prompts import (
    PROMPT_VERSION,
    current_program,
    edit_messages,
    few_shot_examples,
    prompt_grids,
    write_messages,
)
from sandbox import ErrorKind, ExampleResult, ExecResult

PROGRAM = "from arc_dsl import *\n\n\ndef solve(I):\n    return mirror_vertical(I)\n"


def text_of(messages):
    return "\n".join(m["content"] for m in messages)


def fake_result(task, outputs=None, error=None):
    outputs = outputs if outputs is not None else [e.input for e in task.train]
    return ExecResult(None, "", tuple(ExampleResult(None if error else o, error, "boom" if error else "")
                                      for o in outputs))


def all_prompts(task, program=PROGRAM):
    for style in ("full", "compact"):
        yield write_messages(task, style=style)
        yield edit_messages(task, program, fake_result(task), style=style, reward=0.3, few_shot=1)


def test_prompt_version_is_recorded():
    assert PROMPT_VERSION


def test_sentinel_test_output_never_appears(toy_task):
    sentinel = grid_to_text(toy_task.test[0].output)
    assert all(sentinel not in text_of(m) for m in all_prompts(toy_task))


def test_full_prompt_shows_the_test_inputs_but_compact_does_not(toy_task):
    test_input = grid_to_text(toy_task.test[0].input)
    assert test_input in text_of(write_messages(toy_task, style="full"))
    assert test_input not in text_of(write_messages(toy_task, style="compact"))


def test_compact_prompt_has_no_reference_and_no_few_shot(toy_task):
    full, compact = text_of(write_messages(toy_task, style="full")), text_of(write_messages(toy_task, style="compact"))
    assert "DSL reference" in full and "Solved examples" in full
    assert "DSL reference" not in compact and "Solved examples" not in compact and len(compact) < len(full) / 4


def test_prompt_shows_every_demonstration_pair(toy_task):
    text = text_of(write_messages(toy_task, style="compact"))
    assert all(grid_to_text(g) in text for e in toy_task.train for g in (e.input, e.output))


def test_edit_prompt_shows_program_diff_and_errors(toy_task):
    wrong = [((2, 2), (4, 0)), None]
    result = ExecResult(None, "", (ExampleResult(wrong[0]), ExampleResult(None, ErrorKind.RUNTIME, "IndexError")))
    text = text_of(edit_messages(toy_task, PROGRAM, result, style="full"))
    assert PROGRAM.strip() in text and ".1\n.3" in text and "IndexError" in text


def test_current_program_reads_back_the_edited_program(toy_task):
    assert current_program(edit_messages(toy_task, PROGRAM, fake_result(toy_task), style="compact")) == PROGRAM
    assert current_program(write_messages(toy_task, style="full")) is None


def test_prompt_grids_reads_back_the_demonstrations(toy_task):
    grids = prompt_grids(write_messages(toy_task, style="compact"))
    assert grids == [g for e in toy_task.train for g in (e.input, e.output)]


def test_few_shot_never_uses_the_task_itself():
    solvers = load_solvers()
    for task in load_tasks("arc-agi-1", "training", ids=sorted(solvers)):
        assert task.id not in [example[0] for example in few_shot_examples(task, 3)]


def normalise(program):
    return "\n".join(line.rstrip() for line in program.strip().splitlines() if line.strip())


def blocks(text):
    return [normalise(b) for b in re.findall(r"```python\n(.*?)```", text, re.S)]


@pytest.fixture(scope="module")
def solved_tasks():
    solvers = load_solvers()
    return [(task, solvers[task.id]) for task in load_tasks("arc-agi-1", "training", ids=sorted(solvers))]


def test_no_prompt_contains_the_tasks_own_solver(solved_tasks):
    for task, solver in solved_tasks:
        for messages in all_prompts(task):
            assert normalise(solver) not in blocks(text_of(messages)), task.id


def grid_rows_blocks(text):
    """Every maximal run of digit-only lines in a prompt (each grid it shows)."""
    return {"\n".join(m) for m in (block.split("\n") for block in re.findall(r"(?:^\d+\n?)+", text, re.M))}


def test_no_prompt_shows_a_test_output(solved_tasks):
    for task, _ in solved_tasks:
        shown_legitimately = {grid_to_text(g) for e in task.train for g in (e.input, e.output)}
        shown_legitimately |= {grid_to_text(e.input) for e in task.test}
        for messages in all_prompts(task):
            grids = {g.strip() for g in grid_rows_blocks(text_of(messages))}
            for example in task.test:
                answer = grid_to_text(example.output)
                if answer not in shown_legitimately:  # (a few tasks' answer equals a demonstration grid)
                    assert answer not in grids, task.id
