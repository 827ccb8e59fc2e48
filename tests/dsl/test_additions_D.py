"""Tests for the primitives added while writing reference solvers (slice D)."""

from arc_dsl.objects import cells_except


def test_cells_except():
    assert cells_except(((0, 3), (4, 0)), 0) == frozenset({(3, (0, 1)), (4, (1, 0))})
