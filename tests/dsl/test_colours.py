"""One property per colour primitive."""

from arc_dsl import colours
from arc_dsl.colours import (
    colour_count,
    colour_filter,
    colour_of,
    colours_by_count,
    indices_of_colour,
    least_common_colour,
    most_common_colour,
    number_of_colours,
    palette,
    rank_colours,
    recolour,
    replace_colour,
    swap_colours,
    unrank_colours,
)

GRID = ((0, 0, 1), (0, 2, 2), (0, 0, 2))
OBJ = frozenset({(3, (0, 0)), (3, (0, 1)), (4, (1, 1))})


def test_colour_constants_are_the_ten_arc_colours():
    names = ("BLACK", "BLUE", "RED", "GREEN", "YELLOW", "GREY", "MAGENTA", "ORANGE", "AZURE", "MAROON")
    assert [getattr(colours, name) for name in names] == list(range(10))


def test_palette__grid_and_object():
    assert (palette(GRID), palette(OBJ)) == (frozenset({0, 1, 2}), frozenset({3, 4}))


def test_number_of_colours():
    assert (number_of_colours(GRID), number_of_colours(OBJ)) == (3, 2)


def test_most_common_colour__grid_and_object():
    assert (most_common_colour(GRID), most_common_colour(OBJ)) == (0, 3)


def test_most_common_colour__ties_go_to_smaller_colour():
    assert most_common_colour(((5, 2),)) == 2


def test_colours_by_count():
    # GRID: 0 ×5, 2 ×3, 1 ×1; OBJ: 3 ×2, 4 ×1. Absent colours are left out; ties go to the smaller colour.
    assert colours_by_count(GRID) == (0, 2, 1)
    assert colours_by_count(OBJ) == (3, 4)
    assert colours_by_count(((5, 1), (1, 5))) == (1, 5)


def test_least_common_colour__ignores_absent_colours():
    assert (least_common_colour(GRID), least_common_colour(OBJ)) == (1, 4)


def test_colour_count():
    assert (colour_count(GRID, 2), colour_count(OBJ, 3), colour_count(GRID, 9)) == (3, 2, 0)


def test_colour_of__single_and_mixed_objects():
    assert colour_of(frozenset({(7, (0, 0))})) == 7 and colour_of(OBJ) == 3


def test_indices_of_colour():
    assert indices_of_colour(GRID, 2) == frozenset({(1, 1), (1, 2), (2, 2)})


def test_colour_filter():
    red = frozenset({(2, (0, 0))})
    blue = frozenset({(1, (5, 5))})
    assert colour_filter(frozenset({red, blue}), 2) == frozenset({red})


def test_recolour__object_and_indices():
    assert recolour(OBJ, 9) == frozenset({(9, (0, 0)), (9, (0, 1)), (9, (1, 1))})
    assert recolour(frozenset({(2, 3)}), 1) == frozenset({(1, (2, 3))})


def test_replace_colour():
    assert replace_colour(GRID, 2, 5) == ((0, 0, 1), (0, 5, 5), (0, 0, 5))


def test_swap_colours():
    assert swap_colours(((1, 2, 3),), 1, 2) == ((2, 1, 3),)


def test_rank_colours():
    # 0 covers five cells, 2 three, 1 one: ranks 0, 1, 2.
    assert rank_colours(GRID, GRID) == ((0, 0, 2), (0, 1, 1), (0, 0, 1))
    # Ties go to the smaller colour; the result is the same for grids that differ only by a colour permutation.
    flag, other = ((7, 3), (3, 7)), ((5, 4), (4, 5))
    assert rank_colours(flag, flag) == ((1, 0), (0, 1)) == rank_colours(other, other)
    # Ranks come from the reference; colours it lacks follow its own, in order (0, 1, … here; 3 is its only one).
    assert rank_colours(((3, 0, 1),), ((3,),)) == ((0, 1, 2),)


def test_unrank_colours():
    assert unrank_colours(rank_colours(GRID, GRID), GRID) == GRID
    # Ranks the reference does not have map to its absent colours in order (here 0, 1, 2, 4 …; 3 is present).
    assert unrank_colours(((0, 1, 2),), ((3,),)) == ((3, 0, 1),)
