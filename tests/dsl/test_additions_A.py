"""Tests for the primitives added while writing reference solvers (slice A)."""

from arc_dsl.grids import repair_pattern, tile
from arc_dsl.objects import compartments


def test_tile():
    assert tile(((1, 2),), 2, 3) == ((1, 2, 1, 2, 1, 2), (1, 2, 1, 2, 1, 2))


def test_repair_pattern():
    damaged = ((1, 2, 3, 1, 2, 3), (4, 5, 6, 0, 0, 6), (1, 2, 0, 1, 2, 3), (4, 5, 6, 4, 5, 6))
    expected = ((1, 2, 3, 1, 2, 3), (4, 5, 6, 4, 5, 6), (1, 2, 3, 1, 2, 3), (4, 5, 6, 4, 5, 6))
    assert repair_pattern(damaged, 0) == expected


def test_repair_pattern__keeps_holes_without_a_witness():
    assert repair_pattern(((0, 1), (2, 3)), 0) == ((0, 1), (2, 3))


def test_compartments():
    grid = ((1, 5, 0), (5, 5, 5), (0, 5, 2))
    rooms = compartments(grid, 5)
    assert rooms == frozenset({frozenset({(1, (0, 0))}), frozenset({(0, (0, 2))}),
                               frozenset({(0, (2, 0))}), frozenset({(2, (2, 2))})})
