"""Tests for the primitives added while writing reference solvers (slice D)."""

from arc_dsl.grids import repair_symmetry
from arc_dsl.objects import cells_except


def test_cells_except():
    assert cells_except(((0, 3), (4, 0)), 0) == frozenset({(3, (0, 1)), (4, (1, 0))})


def test_repair_symmetry():
    damaged = ((1, 2, 2, 1), (3, 0, 4, 3), (3, 4, 4, 3), (1, 2, 2, 0))
    expected = ((1, 2, 2, 1), (3, 4, 4, 3), (3, 4, 4, 3), (1, 2, 2, 1))
    assert repair_symmetry(damaged, 0) == expected


def test_repair_symmetry__keeps_holes_without_a_witness():
    assert repair_symmetry(((0, 0), (0, 0)), 0) == ((0, 0), (0, 0))
