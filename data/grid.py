"""ARC grids: immutable tuples of tuples of ints 0–9, at most 30×30, with validation and numpy views.

`Grid` is the one grid type of the project: the DSL, the sandbox, rewards and solvers all pass it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from data.errors import DataError

if TYPE_CHECKING:
    import numpy as np

Grid = tuple[tuple[int, ...], ...]

MAX_SIDE = 30
NUM_COLOURS = 10


def validate_grid(value: Any, **where: str | None) -> Grid:
    """Return `value` as a `Grid`, or raise `DataError` naming `where` (file/task/example/field)."""
    numpy = sys.modules.get("numpy")  # not imported here: the sandbox's zygote forks faster without it
    if numpy is not None and isinstance(value, numpy.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) or len(value) == 0:
        raise DataError("grid must be a non-empty list of rows", **where)
    if len(value) > MAX_SIDE:
        raise DataError(f"grid has {len(value)} rows; at most {MAX_SIDE} allowed", **where)
    width = None
    rows = []
    for r, row in enumerate(value):
        if not isinstance(row, (list, tuple)) or len(row) == 0:
            raise DataError(f"row {r} must be a non-empty list of ints", **where)
        if width is None:
            width = len(row)
            if width > MAX_SIDE:
                raise DataError(f"grid has {width} columns; at most {MAX_SIDE} allowed", **where)
        elif len(row) != width:
            raise DataError(f"ragged grid: row {r} has {len(row)} cells, row 0 has {width}", **where)
        for c, cell in enumerate(row):
            if isinstance(cell, bool) or not isinstance(cell, int) and not (
                    numpy is not None and isinstance(cell, numpy.integer)):
                raise DataError(f"cell ({r},{c}) is {cell!r}, not an int 0-9", **where)
            if not 0 <= cell < NUM_COLOURS:
                raise DataError(f"cell ({r},{c}) is {cell}, outside 0-9", **where)
        rows.append(tuple(int(cell) for cell in row))
    return tuple(rows)


def is_grid(value: Any) -> bool:
    """True when `value` is already a valid `Grid` (tuple of equal-length tuples of ints 0–9, ≤ 30×30)."""
    if not isinstance(value, tuple) or not 0 < len(value) <= MAX_SIDE:
        return False
    first = value[0]
    if not isinstance(first, tuple) or not 0 < len(first) <= MAX_SIDE:
        return False
    width = len(first)
    for row in value:
        if not isinstance(row, tuple) or len(row) != width:
            return False
        for cell in row:
            if type(cell) is not int or not 0 <= cell < NUM_COLOURS:
                return False
    return True


def to_numpy(grid: Grid) -> np.ndarray:
    """The grid as a fresh `uint8` array of shape (height, width)."""
    import numpy as np

    return np.array(grid, dtype=np.uint8)


def from_numpy(array: np.ndarray) -> Grid:
    """A `Grid` from a 2-D integer array (values are checked)."""
    import numpy as np

    if array.ndim != 2:
        raise DataError(f"expected a 2-D array, got shape {array.shape}")
    return validate_grid(array.astype(np.int64).tolist())


def shape(grid: Grid) -> tuple[int, int]:
    """(height, width) of a grid."""
    return len(grid), len(grid[0]) if grid else 0


def grid_to_text(grid: Grid) -> str:
    """Rows of digits, one row per line, no separators (the text form used in prompts)."""
    return "\n".join("".join(str(cell) for cell in row) for row in grid)


def text_to_grid(text: str) -> Grid:
    """Inverse of `grid_to_text` (spaces between digits are tolerated)."""
    rows = [line.replace(" ", "") for line in text.strip().splitlines() if line.strip()]
    return validate_grid([[int(ch) for ch in row] for row in rows])


def as_lists(grid: Sequence[Sequence[int]]) -> list[list[int]]:
    """The grid as nested lists (the ARC JSON form)."""
    return [list(row) for row in grid]
