"""Line edits: parsing, applying, the diff that produces them, the listing, and their use by the rewards."""

import json

import pytest

from arc_dsl.solvers import load_solvers
from data.loaders import load_tasks
from editing.mutate import mutate
from editing.prompts import current_program, edit_messages, line_edit_start
from editing.reasoning import answer_for, line_edits_between
from rewards import extract_program, get_reward_funcs
from rewards.line_edits import (
    LineEdit,
    apply_line_edits,
    format_line_edits,
    number_lines,
    parse_line_edits,
    unnumber_lines,
)

START = "from arc_dsl import *\n\n\ndef solve(I):\n    x = rotate_90(I)\n    return x\n"


def test_each_operation():
    assert apply_line_edits(START, [LineEdit(5, "    x = rotate_270(I)")]) == START.replace("rotate_90", "rotate_270")
    assert apply_line_edits(START, [LineEdit(2, None)]) == START.replace("\n\n\n", "\n\n", 1)
    assert apply_line_edits(START, [LineEdit(5, "    y = 1", insert=True)]).splitlines()[5] == "    y = 1"
    assert apply_line_edits(START, [LineEdit(0, "# top", insert=True)]).startswith("# top\nfrom arc_dsl")


def test_numbers_refer_to_the_listed_program_and_inserts_keep_their_order():
    edits = [LineEdit(1, None), LineEdit(5, "a", insert=True), LineEdit(5, "b", insert=True), LineEdit(6, "c")]
    assert apply_line_edits(START, edits).splitlines() == ["", "", "def solve(I):", "    x = rotate_90(I)", "a", "b", "c"]


@pytest.mark.parametrize("edits", [[LineEdit(7, "x")], [LineEdit(0, "x")], [LineEdit(7, "x", insert=True)],
                                   [LineEdit(5, "x"), LineEdit(5, None)]])
def test_an_edit_that_does_not_fit_the_program_is_no_program(edits):
    assert apply_line_edits(START, edits) is None


@pytest.mark.parametrize("body", ["5 x", "@x y", "@5x", "@-1 x", "@123456 x", "@5\tx", "@5 x\n@"])
def test_a_malformed_row_makes_the_block_invalid(body):
    assert parse_line_edits(body) is None


def test_rows_parse_with_their_indentation_and_blank_rows_are_ignored():
    assert parse_line_edits("@5     return y\n\n@3\n@0+ # c\n") == [
        LineEdit(5, "    return y"), LineEdit(3, None), LineEdit(0, "# c", insert=True)]


def test_a_flood_of_rows_is_refused():
    assert parse_line_edits("\n".join("@1+ x" for _ in range(1001))) is None
    assert parse_line_edits("\n".join("@1+ x" for _ in range(1000))) is not None


def test_the_listing_round_trips_and_is_itself_an_edit_that_keeps_the_program():
    listing = number_lines(START)
    assert listing.splitlines()[:3] == ["@1 from arc_dsl import *", "@2", "@3"]
    assert unnumber_lines(listing) == START
    echoed = apply_line_edits(START, parse_line_edits(listing))
    assert echoed.replace("\n", "") == START.replace("\n", "")  # blank lines aside, the same program
    assert unnumber_lines("@1 a\n@3 b") is None and unnumber_lines("x") is None


def test_the_diff_turns_every_mutant_of_every_reference_program_back():
    import random

    checked = 0
    for task_id, program in sorted(load_solvers().items())[:120]:
        rng = random.Random(task_id)
        for count in (1, 2, 3):
            mutant = mutate(program, rng, count=count)
            if mutant is None:
                continue
            body = format_line_edits(line_edits_between(mutant.program, program))
            assert apply_line_edits(mutant.program, parse_line_edits(body)).strip("\n") == program.strip("\n")
            assert body.count("\n") < len(program.splitlines())  # shorter than the program
            checked += 1
    assert checked > 200


def test_extraction_applies_the_last_edit_block_to_the_start_program():
    fixed = START.replace("rotate_90", "rotate_270")
    answer = "<think>turn the other way</think>\n\n```edit\n@5     x = rotate_270(I)\n```"
    assert extract_program(answer, START) == fixed
    assert extract_program(answer) is None  # no start program: an edit block is not a program
    assert extract_program("```edit\n```", START) == START  # an empty edit keeps the program
    assert extract_program("```edit\n@9 x\n```", START) is None
    # The last block of either kind decides.
    assert extract_program(f"```python\n{START}```\n```edit\n@5     x = rotate_270(I)\n```", START) == fixed
    assert extract_program(f"```edit\n@5     x = rotate_270(I)\n```\n```python\n{START}```", START) == START


@pytest.fixture(scope="module")
def task_and_mutant():
    solvers = load_solvers()
    task = load_tasks("arc-agi-1", "training", ids=["a416b8f3"])[0]  # the grid beside itself
    reference = solvers[task.id]
    broken = reference.replace("concat_horizontal(I, I)", "concat_vertical(I, I)")
    assert broken != reference
    return task, reference, broken


def test_compact_edit_prompts_list_the_program_for_line_edits_and_answers_follow(task_and_mutant):
    from sandbox import run_many

    task, reference, broken = task_and_mutant
    [result] = run_many([(broken, task.train_inputs)])
    compact = edit_messages(task, broken, result, style="compact")
    full = edit_messages(task, broken, result, style="full")
    assert number_lines(broken) in compact[-1]["content"] and "line edits" in compact[-1]["content"]
    assert current_program(compact).strip() == current_program(full).strip() == broken.strip()
    assert line_edit_start(compact).strip() == broken.strip() and line_edit_start(full) is None
    answer = answer_for(compact, "Stack them side by side.", reference)
    assert "```edit\n" in answer and extract_program(answer, broken).strip() == reference.strip()
    assert "```python\n" in answer_for(full, "x", reference)


def test_the_reward_functions_apply_edit_blocks_to_each_rows_start_program(task_and_mutant):
    task, reference, broken = task_and_mutant
    examples = json.dumps([{"input": [list(r) for r in e.input], "output": [list(r) for r in e.output]}
                           for e in task.train])
    fix = format_line_edits(line_edits_between(broken, reference))
    completions = [f"```edit\n{fix}\n```", "```edit\n```", "```edit\n@999 x\n```", f"```edit\n{fix}\n```"]
    smooth, delta = get_reward_funcs(["smooth", "delta"])
    kwargs = {"examples_json": [examples] * 4, "mode": ["edit", "edit", "edit", "write"],
              "start_program": [broken, broken, broken, broken], "start_reward": [0.3] * 4}
    rewards = smooth(completions, **kwargs)
    assert rewards[0] == pytest.approx(1.2)  # the fix solves every pair
    assert 0 < rewards[1] < 1.2  # the start program as it is: partly right
    assert rewards[2] == 0.0 and rewards[3] == 0.0  # malformed; and a write row has no program to edit
    assert delta(completions, **kwargs)[0] == pytest.approx(1.2 - 0.3)
