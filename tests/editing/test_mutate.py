"""Realistic program mutations."""

import ast
import random
from collections import Counter

import pytest

from arc_dsl.solvers import load_solvers
from editing.mutate import KINDS, apply_edits, mutate, mutation_sites, strip_comments

PROGRAM = """from arc_dsl import *


def solve(I):
    # Rotate, then paint the largest object red.
    x1 = rotate_90(I)
    x2 = objects(x1, without_background=True)
    x3 = argmax(x2, size)
    O = fill(x1, RED, x3)
    return O
"""


def test_a_mutant_parses_and_differs():
    for seed in range(30):
        mutant = mutate(PROGRAM, random.Random(seed), count=2)
        ast.parse(mutant.program)
        assert mutant.program != PROGRAM


def test_mutations_touch_different_lines():
    for seed in range(30):
        mutant = mutate(PROGRAM, random.Random(seed), count=3)
        lines = [m.lines for m in mutant.mutations]
        assert sum(len(x) for x in lines) == len(frozenset().union(*lines))


def test_same_seed_same_mutant():
    assert mutate(PROGRAM, random.Random(4), count=2) == mutate(PROGRAM, random.Random(4), count=2)


def test_primitive_swaps_prefer_opposites():
    details = [m.detail for s in range(40) for m in mutate(PROGRAM, random.Random(s), kinds=["primitive"]).mutations]
    assert "rotate_90 -> rotate_270" in details and "argmax -> argmin" in details


def test_colour_mutations_prefer_the_task_palette():
    details = Counter(m.detail for s in range(60)
                      for m in mutate(PROGRAM, random.Random(s), palette={0, 2, 4}, kinds=["colour"]).mutations)
    assert details["RED -> YELLOW"] + details["RED -> BLACK"] > sum(details.values()) / 2


def test_drop_step_rewires_later_uses():
    mutant = mutate(PROGRAM, random.Random(0), kinds=["drop_step"])
    [mutation] = mutant.mutations
    dropped = next(line for line, text in mutation.edits if text is None)
    variable = PROGRAM.splitlines()[dropped].split("=")[0].strip()
    assert f"{variable} =" not in mutant.program and variable not in mutant.program.split("def solve")[1]


def test_every_kind_occurs_over_the_reference_solvers():
    seen = {s.kind for program in load_solvers().values() for s in mutation_sites(program)}
    assert seen == set(KINDS)


def test_flag_flip():
    mutant = mutate(PROGRAM, random.Random(0), kinds=["flag"])
    assert "without_background=False" in mutant.program


def test_unparseable_program_has_no_sites():
    assert mutation_sites("def solve(I) return I") == [] and mutate("def solve(I) return I", random.Random(0)) is None


def test_strip_comments_keeps_the_code():
    stripped = strip_comments(PROGRAM + "    # trailing\n")
    assert "#" not in stripped and ast.dump(ast.parse(stripped)) == ast.dump(ast.parse(PROGRAM))


@pytest.mark.parametrize("task_id", sorted(load_solvers())[:20])
def test_reference_solvers_can_be_mutated(task_id):
    program = load_solvers()[task_id]
    mutant = mutate(program, random.Random(1), count=2)
    assert mutant is not None and mutant.program != program


def test_apply_edits_deletes_and_replaces():
    assert apply_edits("a\nb\nc\n", [(0, "A"), (1, None)]) == "A\nc\n"
