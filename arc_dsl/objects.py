"""Objects: finding connected shapes in a grid and turning grids and patches into objects.

An object is a frozenset of cells `(colour, (row, column))` in grid coordinates; `normalise` moves
it to the origin and `paint` puts it back on a grid.
"""

from __future__ import annotations

from arc_dsl.colours import most_common_colour
from arc_dsl.types import Colour, Container, Grid, Object, Objects, Patch

__all__ = ["as_object", "cells_except", "compartments", "foreground_partition", "objects", "partition", "size_filter", "to_object"]

_EDGE_STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1))
_ALL_STEPS = _EDGE_STEPS + ((-1, -1), (-1, 1), (1, -1), (1, 1))


def objects(grid: Grid, univalued: bool = True, diagonal: bool = False,
            without_background: bool = True) -> Objects:
    """Connected groups of cells: one colour each if univalued, joined at corners too if diagonal,
    skipping the background (most common colour) if without_background."""
    background = most_common_colour(grid) if without_background else -1
    h, w = len(grid), len(grid[0])
    steps = _ALL_STEPS if diagonal else _EDGE_STEPS
    seen = [[False] * w for _ in range(h)]
    found = []
    for r0 in range(h):
        row0 = grid[r0]
        for c0 in range(w):
            colour = row0[c0]
            if seen[r0][c0] or colour == background:
                continue
            seen[r0][c0] = True
            stack = [(r0, c0)]
            cells = []
            while stack:
                r, c = stack.pop()
                cells.append((grid[r][c], (r, c)))
                for dr, dc in steps:
                    rr, cc = r + dr, c + dc
                    if 0 <= rr < h and 0 <= cc < w and not seen[rr][cc]:
                        value = grid[rr][cc]
                        if (value == colour) if univalued else (value != background):
                            seen[rr][cc] = True
                            stack.append((rr, cc))
            found.append(frozenset(cells))
    return frozenset(found)


def partition(grid: Grid) -> Objects:
    """One object per colour present, holding every cell of that colour (connected or not)."""
    groups: dict[int, list] = {}
    for r, row in enumerate(grid):
        for c, colour in enumerate(row):
            groups.setdefault(colour, []).append((colour, (r, c)))
    return frozenset(frozenset(cells) for cells in groups.values())


def foreground_partition(grid: Grid) -> Objects:
    """partition(grid) without the background (most common colour) object."""
    background = most_common_colour(grid)
    return frozenset(obj for obj in partition(grid) if next(iter(obj))[0] != background)


def size_filter(container: Container, size: int) -> frozenset:
    """The items (objects, patches, …) with exactly size elements."""
    return frozenset(item for item in container if len(item) == size)


def to_object(grid: Grid, patch: Patch) -> Object:
    """The grid's cells at the patch's points (points outside the grid are dropped)."""
    h, w = len(grid), len(grid[0])
    points = patch
    if len(patch) and type(next(iter(patch))[1]) is tuple:
        points = [point for _, point in patch]
    return frozenset((grid[r][c], (r, c)) for r, c in points if 0 <= r < h and 0 <= c < w)


def as_object(grid: Grid) -> Object:
    """Every cell of the grid as one object (background included)."""
    return frozenset((colour, (r, c)) for r, row in enumerate(grid) for c, colour in enumerate(row))


def cells_except(grid: Grid, colour: Colour) -> Object:
    """Every cell of the grid whose colour is not the given one, as one object: paint(base, cells_except(top, BLACK)) overlays top."""
    return frozenset((value, (r, c)) for r, row in enumerate(grid) for c, value in enumerate(row) if value != colour)


def compartments(grid: Grid, wall: Colour) -> Objects:
    """The rooms that lines of the wall colour cut the grid into: edge-connected objects of every other colour."""
    h, w = len(grid), len(grid[0])
    seen = set()
    found = []
    for r0 in range(h):
        for c0 in range(w):
            if (r0, c0) in seen or grid[r0][c0] == wall:
                continue
            seen.add((r0, c0))
            stack, cells = [(r0, c0)], []
            while stack:
                r, c = stack.pop()
                cells.append((grid[r][c], (r, c)))
                for dr, dc in _EDGE_STEPS:
                    rr, cc = r + dr, c + dc
                    if 0 <= rr < h and 0 <= cc < w and (rr, cc) not in seen and grid[rr][cc] != wall:
                        seen.add((rr, cc))
                        stack.append((rr, cc))
            found.append(frozenset(cells))
    return frozenset(found)
