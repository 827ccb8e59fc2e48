"""Hunks between programs, partial fixes, and reasoning written from execution feedback."""

import random

from editing.feedback import diff_grid, pair_feedback, program_feedback, summary_line
from editing.reasoning import (
    apply_hunks,
    classify,
    describe_task,
    diff_hunks,
    edit_reasoning,
    write_reasoning,
)
from sandbox import ErrorKind, ExampleResult, ExecResult

FIXED = """from arc_dsl import *


def solve(I):
    # the rule
    x1 = rotate_90(I)
    x2 = replace_colour(x1, RED, BLUE)
    return x2
"""
BROKEN = """from arc_dsl import *


def solve(I):
    x1 = rotate_270(I)
    x2 = replace_colour(x1, RED, GREEN)
    return x1
"""


def test_applying_every_hunk_gives_the_target():
    hunks = diff_hunks(BROKEN, FIXED)
    assert apply_hunks(BROKEN, FIXED, [h.index for h in hunks]).strip() == FIXED.strip()


def test_applying_no_hunk_keeps_the_source():
    assert apply_hunks(BROKEN, FIXED, []).strip() == BROKEN.strip()


def test_one_hunk_per_changed_line():
    kinds = [h.kind for h in diff_hunks(BROKEN, FIXED)]
    assert kinds == ["comment", "primitive", "colour", "wrong_argument"]


def test_partial_fix_changes_only_the_chosen_line():
    hunks = diff_hunks(BROKEN, FIXED)
    colour = next(h for h in hunks if h.kind == "colour")
    partial = apply_hunks(BROKEN, FIXED, [colour.index])
    assert "BLUE" in partial and "rotate_270" in partial and "return x1" in partial


def test_unequal_blocks_are_split_into_insert_and_replace():
    before = "a = f(I)\nreturn I\n"
    after = "a = f(I)\nb = swap_colours(a, RED, BLUE)\nreturn b\n"
    assert [classify(h)[0] for h in diff_hunks(before, after)] == ["missing_step", "wrong_argument"]


def test_removed_line_is_an_extra_step():
    assert [h.kind for h in diff_hunks("x = f(I)\ny = g(x)\nreturn x\n", "x = f(I)\nreturn x\n")] == ["extra_step"]


def test_reasoning_reports_failing_pairs_and_each_change():
    result = ExecResult(None, "", (ExampleResult(((1, 1),)), ExampleResult(None, ErrorKind.RUNTIME, "IndexError")))
    feedbacks = program_feedback(result, [((1, 2),), ((3,),)])
    hunks = [h for h in diff_hunks(BROKEN, FIXED) if h.kind != "comment"]
    text = edit_reasoning(feedbacks, hunks, random.Random(0))
    assert "0 of 2" in text or "0/2" in text
    assert "IndexError" in text and "rotate_90" in text and "BLUE" in text and "`x2`" in text


def test_reasoning_never_mentions_a_solution_or_reference():
    feedbacks = program_feedback(None, [((1,),)])
    text = edit_reasoning(feedbacks, diff_hunks(BROKEN, FIXED), random.Random(1)).lower()
    assert "reference" not in text and "solution" not in text and "the rule" not in text


def test_write_reasoning_describes_pairs_and_narrates_steps(toy_task):
    text = write_reasoning(toy_task, FIXED, random.Random(0))
    assert "size of its input" in text and "`x1 = rotate_90(I)`" in text


def test_describe_task_notes_new_colours(toy_task):
    assert describe_task(toy_task)[0].startswith("Each output has the size of its input")


def test_diff_grid_marks_wrong_cells_with_the_expected_colour():
    assert diff_grid(((1, 2), (3, 4)), ((1, 5), (3, 4))) == ".5\n.."


def test_pair_feedback_kinds():
    expected = ((1, 2),)
    assert pair_feedback(0, expected, expected).status == "correct"
    assert pair_feedback(0, ((1,),), expected).status == "shape"
    assert pair_feedback(0, ((1, 1),), expected).status == "pixels"
    assert pair_feedback(0, None, expected, error=ErrorKind.TIMEOUT).error == "timeout"


def test_summary_line_for_a_shape_error():
    assert summary_line(pair_feedback(1, ((1,),), ((1, 2),))) == "Pair 2: wrong shape: got 1x1, expected 1x2."


def test_every_mutation_kind_is_a_named_hunk_kind_when_fixed():
    """The reasoning names what a fix does; each kind of mutation, undone, is one of `HUNK_KINDS` (no stray names)."""
    from arc_dsl.solvers import load_solvers
    from editing.mutate import KINDS, mutate
    from editing.reasoning import HUNK_KINDS, classify, diff_hunks

    programs = list(load_solvers().values())[:60]
    seen: dict[str, set[str]] = {}
    for kind in KINDS:
        rng = random.Random(kind)
        for program in programs:
            mutant = mutate(program, rng, kinds=[kind])
            if mutant is not None:
                seen.setdefault(kind, set()).update(classify(h)[0] for h in diff_hunks(mutant.program, program))
    assert set(seen) == set(KINDS)  # every kind was produced at least once
    assert set().union(*seen.values()) <= set(HUNK_KINDS)
    assert "missing_step" in seen["drop_step"]
