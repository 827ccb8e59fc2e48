"""Type aliases of the DSL: what the primitives take and return.

Conventions every primitive follows:
- A `Grid` is a tuple of rows, each a tuple of colours 0–9: `grid[row][column]`.
- A `Point` is `(row, column)`; the same pair is used as an offset/direction `(down, right)`.
- An `Object` is a frozenset of `Cell`s `(colour, (row, column))`; `Indices` are bare points.
- A `Patch` is either (an Object or Indices); a `Piece` is a Grid or a Patch.
- Everything is immutable (tuples, frozensets), so values can be shared and hashed freely.
"""

from __future__ import annotations

from data.grid import Grid

Colour = int
Point = tuple[int, int]
Cell = tuple[Colour, Point]
Indices = frozenset[Point]
Object = frozenset[Cell]
Objects = frozenset[Object]
Patch = Object | Indices
Piece = Grid | Patch
Element = Grid | Object
Numerical = int | Point
Container = tuple | frozenset

__all__ = [
    "Cell", "Colour", "Container", "Element", "Grid", "Indices", "Numerical", "Object", "Objects", "Patch",
    "Piece", "Point",
]
