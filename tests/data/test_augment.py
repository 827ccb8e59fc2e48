"""Augmentations are exact, invertible and named: property tests over random grids and tasks."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data import DataError, Example, Task
from data.augment import (
    DIHEDRAL_NAMES,
    Augmentation,
    augmentations,
    dihedral,
    random_augmentation,
)
from data.grid import MAX_SIDE, is_grid


@st.composite
def grids(draw, max_side: int = 8):
    height = draw(st.integers(1, max_side))
    width = draw(st.integers(1, max_side))
    cell = st.integers(0, 9)
    return tuple(tuple(draw(cell) for _ in range(width)) for _ in range(height))


@st.composite
def tasks(draw):
    train = tuple(Example(draw(grids()), draw(grids())) for _ in range(draw(st.integers(1, 3))))
    test = tuple(Example(draw(grids()), draw(st.none() | grids())) for _ in range(draw(st.integers(1, 2))))
    return Task("t", train, test, "d", "training")


dihedrals = st.integers(0, 7)
all_permutations = st.permutations(range(10)).map(tuple)
background_fixed = st.permutations(range(1, 10)).map(lambda p: (0, *p))
translations = st.tuples(st.integers(0, 22), st.integers(0, 22))  # grids ≤ 8 wide stay inside 30
augs = st.builds(Augmentation, dihedrals, all_permutations | background_fixed, translations)


@given(tasks(), dihedrals)
def test_dihedral_inverts(task, index):
    aug = Augmentation(dihedral=index)
    assert aug.invert_task(aug.task(task)) == task


@given(tasks(), background_fixed)
def test_colour_permutation_keeping_zero_inverts(task, colours):
    aug = Augmentation(colours=colours)
    assert aug.invert_task(aug.task(task)) == task


@given(tasks(), all_permutations)
def test_colour_permutation_moving_zero_inverts(task, colours):
    aug = Augmentation(colours=colours)
    assert aug.invert_task(aug.task(task)) == task


@given(tasks(), translations)
def test_translation_inverts(task, shift):
    aug = Augmentation(translate=shift)
    assert aug.invert_task(aug.task(task)) == task


@given(tasks(), augs)
def test_composed_augmentation_inverts(task, aug):
    assert aug.invert_task(aug.task(task)) == task


# Two shifts of at most 11 keep grids of side ≤ 8 inside 30×30.
small_augs = st.builds(Augmentation, dihedrals, all_permutations | background_fixed,
                       st.tuples(st.integers(0, 11), st.integers(0, 11)))


@given(tasks(), small_augs, small_augs)
def test_two_augmentations_in_sequence_invert_in_reverse_order(task, first, second):
    twice = second.task(first.task(task))
    assert first.invert_task(second.invert_task(twice)) == task


@given(augs)
def test_name_round_trips(aug):
    assert Augmentation.parse(aug.name) == aug


@given(tasks(), augs)
def test_augmented_task_has_valid_grids(task, aug):
    augmented = aug.task(task)
    assert all(is_grid(g) for e in augmented.train + augmented.test for g in (e.input, e.output) if g is not None)


@given(grids(), dihedrals)
def test_dihedral_swaps_shape_exactly_for_quarter_turns_and_transposes(grid, index):
    height, width = len(grid), len(grid[0])
    out = dihedral(grid, index)
    assert (len(out), len(out[0])) == ((width, height) if index in (1, 3, 6, 7) else (height, width))


@given(grids(), background_fixed, dihedrals)
def test_keeping_background_keeps_zero_cells_in_place_up_to_the_dihedral(grid, colours, index):
    out = Augmentation(index, colours).grid(grid)
    zeros = dihedral(tuple(tuple(int(c == 0) for c in row) for row in grid), index)
    assert tuple(tuple(int(c == 0) for c in row) for row in out) == zeros


def test_the_eight_dihedral_transforms_are_distinct():
    grid = ((1, 2, 3), (4, 5, 6))  # no symmetry: every transform gives a different grid
    assert len({dihedral(grid, index) for index in range(len(DIHEDRAL_NAMES))}) == 8


def test_rot90_turns_clockwise():
    assert dihedral(((1, 2), (3, 4)), 1) == ((3, 1), (4, 2))


def test_translation_pads_top_left_with_the_background_colour():
    aug = Augmentation(colours=(3, 0, 1, 2, 4, 5, 6, 7, 8, 9), translate=(1, 2))
    assert aug.grid(((0, 1),)) == ((3, 3, 3, 3), (3, 3, 3, 0))


def test_translation_outside_the_canvas_is_refused():
    with pytest.raises(ValueError, match="30x30"):
        Augmentation(translate=(1, 0)).grid(((0,),) * MAX_SIDE)


def test_identity_is_named_id():
    assert Augmentation().name == "id" and Augmentation.parse("id").is_identity


@pytest.mark.parametrize("name", ["", "d9.c0123456789.t0x0", "d1.c0123456788.t0x0", "d1.c0123456789.t-1x0",
                                  "d1.c0123456789", "rot90"])
def test_bad_name_is_a_data_error(name):
    with pytest.raises(DataError, match="not an augmentation name"):
        Augmentation.parse(name)


@given(st.integers(0, 2**32 - 1))
def test_random_augmentation_keeping_background_fixes_zero(seed):
    assert random_augmentation(random.Random(seed), keep_background=True).colours[0] == 0


def test_augmentations_are_distinct_non_identity_and_seeded():
    first = augmentations(16, seed=5)
    assert len(set(first)) == 16 and not any(a.is_identity for a in first)
    assert augmentations(16, seed=5) == first and augmentations(16, seed=6) != first


@given(tasks(), st.integers(0, 40), st.integers(0, 1000))
def test_translated_augmentations_fit_the_task(task, max_translate, seed):
    for aug in augmentations(3, seed, max_translate=max_translate, task=task):
        assert aug.fits(task)
        aug.task(task)  # raises if a grid left the canvas
