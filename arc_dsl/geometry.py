"""Positions and shapes: points, patches (objects or indices), bounding boxes, lines and distances.

Points are (row, column) with row 0 at the top; offsets use the same form, e.g. DOWN == (1, 0).
Functions taking a `Patch` accept an Object (cells with colours) or bare Indices alike.
"""

from __future__ import annotations

from arc_dsl.types import Indices, Patch, Piece, Point

__all__ = [
    "DOWN", "DOWN_LEFT", "DOWN_RIGHT", "LEFT", "ORIGIN", "RIGHT", "UNITY", "UP", "UP_LEFT", "UP_RIGHT",
    "bounding_box_delta", "bounding_box_indices", "box_outline", "centre", "centre_of_mass", "corner_indices",
    "diagonal_neighbours", "direct_neighbours", "gravitate_offset", "height", "horizontal_line_through",
    "inner_box_outline", "is_adjacent", "is_horizontal_line", "is_portrait", "is_square", "is_vertical_line",
    "leftmost", "line_between", "lower_left_corner", "lower_right_corner", "lowermost", "manhattan_distance",
    "neighbours", "normalise", "outer_box_outline", "ray", "relative_position", "rightmost", "shape",
    "shares_column", "shares_row", "shift", "to_indices", "upper_left_corner", "upper_right_corner",
    "uppermost", "vertical_line_through", "width",
]

ORIGIN: Point = (0, 0)
UNITY: Point = (1, 1)
UP: Point = (-1, 0)
DOWN: Point = (1, 0)
LEFT: Point = (0, -1)
RIGHT: Point = (0, 1)
UP_LEFT: Point = (-1, -1)
UP_RIGHT: Point = (-1, 1)
DOWN_LEFT: Point = (1, -1)
DOWN_RIGHT: Point = (1, 1)

# How far `ray` and the `*_line_through` helpers reach: beyond any 30×30 grid.
_FAR = 42
_GRID_SPAN = 30


def _is_object(patch) -> bool:
    for item in patch:
        return type(item[1]) is tuple
    return False


def to_indices(patch: Patch) -> Indices:
    """The points of a patch (an object's cells without their colours)."""
    if _is_object(patch):
        return frozenset(point for _, point in patch)
    return frozenset(patch)


def _rows(patch):
    if _is_object(patch):
        return [point[0] for _, point in patch]
    return [point[0] for point in patch]


def _cols(patch):
    if _is_object(patch):
        return [point[1] for _, point in patch]
    return [point[1] for point in patch]


def uppermost(patch: Patch) -> int:
    """The smallest row index of the patch."""
    return min(_rows(patch))


def lowermost(patch: Patch) -> int:
    """The largest row index of the patch."""
    return max(_rows(patch))


def leftmost(patch: Patch) -> int:
    """The smallest column index of the patch."""
    return min(_cols(patch))


def rightmost(patch: Patch) -> int:
    """The largest column index of the patch."""
    return max(_cols(patch))


def height(piece: Piece) -> int:
    """Number of rows of a grid, or of a patch's bounding box (0 when empty)."""
    if len(piece) == 0:
        return 0
    if isinstance(piece, tuple):
        return len(piece)
    rows = _rows(piece)
    return max(rows) - min(rows) + 1


def width(piece: Piece) -> int:
    """Number of columns of a grid, or of a patch's bounding box (0 when empty)."""
    if len(piece) == 0:
        return 0
    if isinstance(piece, tuple):
        return len(piece[0])
    cols = _cols(piece)
    return max(cols) - min(cols) + 1


def shape(piece: Piece) -> Point:
    """(height, width) of a grid or of a patch's bounding box."""
    return (height(piece), width(piece))


def is_portrait(piece: Piece) -> bool:
    """True when the piece is taller than it is wide."""
    return height(piece) > width(piece)


def is_square(piece: Piece) -> bool:
    """True for a square grid, or a patch that fills a square bounding box completely."""
    if isinstance(piece, tuple):
        return len(piece) == len(piece[0])
    h, w = shape(piece)
    return h == w and len(to_indices(piece)) == h * w


def upper_left_corner(patch: Patch) -> Point:
    """(uppermost row, leftmost column) of the patch."""
    return (min(_rows(patch)), min(_cols(patch)))


def upper_right_corner(patch: Patch) -> Point:
    """(uppermost row, rightmost column) of the patch."""
    return (min(_rows(patch)), max(_cols(patch)))


def lower_left_corner(patch: Patch) -> Point:
    """(lowermost row, leftmost column) of the patch."""
    return (max(_rows(patch)), min(_cols(patch)))


def lower_right_corner(patch: Patch) -> Point:
    """(lowermost row, rightmost column) of the patch."""
    return (max(_rows(patch)), max(_cols(patch)))


def shift(patch: Patch, offset: Point) -> Patch:
    """The patch moved by offset (rows, columns): shift({(0, 0)}, (1, 2)) == {(1, 2)}."""
    dr, dc = offset
    if _is_object(patch):
        return frozenset((colour, (r + dr, c + dc)) for colour, (r, c) in patch)
    return frozenset((r + dr, c + dc) for r, c in patch)


def normalise(patch: Patch) -> Patch:
    """The patch shifted so its upper-left corner is at (0, 0)."""
    if len(patch) == 0:
        return patch
    top, left = upper_left_corner(patch)
    return shift(patch, (-top, -left))


def direct_neighbours(point: Point) -> Indices:
    """The 4 points sharing an edge with point (up, down, left, right)."""
    r, c = point
    return frozenset(((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)))


def diagonal_neighbours(point: Point) -> Indices:
    """The 4 points touching point at a corner only."""
    r, c = point
    return frozenset(((r - 1, c - 1), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c + 1)))


def neighbours(point: Point) -> Indices:
    """The 8 points around point (edges and corners)."""
    r, c = point
    return frozenset((r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc)


def manhattan_distance(a: Patch, b: Patch) -> int:
    """The smallest |Δrow| + |Δcolumn| between a point of a and a point of b."""
    points_b = to_indices(b)
    return min(abs(ra - rb) + abs(ca - cb) for ra, ca in to_indices(a) for rb, cb in points_b)


def is_adjacent(a: Patch, b: Patch) -> bool:
    """True when some point of a shares an edge with some point of b (Manhattan distance 1)."""
    return manhattan_distance(a, b) == 1


def shares_row(a: Patch, b: Patch) -> bool:
    """True when the row ranges of a and b overlap (one is level with the other)."""
    return len(set(_rows(a)) & set(_rows(b))) > 0


def shares_column(a: Patch, b: Patch) -> bool:
    """True when the column ranges of a and b overlap (one is above the other)."""
    return len(set(_cols(a)) & set(_cols(b))) > 0


def centre(patch: Patch) -> Point:
    """The middle point of the patch's bounding box (rounded up-left)."""
    top, left = upper_left_corner(patch)
    return (top + height(patch) // 2, left + width(patch) // 2)


def centre_of_mass(patch: Patch) -> Point:
    """The mean point of the patch, floored: centre_of_mass({(0, 0), (0, 3)}) == (0, 1)."""
    points = to_indices(patch)
    n = len(points)
    return (sum(r for r, _ in points) // n, sum(c for _, c in points) // n)


def relative_position(a: Patch, b: Patch) -> Point:
    """The unit direction from a's centre to b's centre: (sign Δrow, sign Δcolumn)."""
    ra, ca = centre(a)
    rb, cb = centre(b)
    return ((rb > ra) - (rb < ra), (cb > ca) - (cb < ca))


def bounding_box_indices(patch: Patch) -> Indices:
    """Every point of the patch's bounding box (filled rectangle)."""
    if len(patch) == 0:
        return frozenset()
    top, left = upper_left_corner(patch)
    bottom, right = lower_right_corner(patch)
    return frozenset((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1))


def bounding_box_delta(patch: Patch) -> Indices:
    """The points of the bounding box that are not in the patch (its holes and gaps)."""
    return bounding_box_indices(patch) - to_indices(patch)


def _outline(top: int, left: int, bottom: int, right: int) -> Indices:
    if top > bottom or left > right:
        return frozenset()
    rows = {(r, c) for r in range(top, bottom + 1) for c in (left, right)}
    cols = {(r, c) for r in (top, bottom) for c in range(left, right + 1)}
    return frozenset(rows | cols)


def box_outline(patch: Patch) -> Indices:
    """The one-cell-wide border of the patch's bounding box."""
    if len(patch) == 0:
        return frozenset()
    (top, left), (bottom, right) = upper_left_corner(patch), lower_right_corner(patch)
    return _outline(top, left, bottom, right)


def inner_box_outline(patch: Patch) -> Indices:
    """The border of the bounding box shrunk by one cell on each side (empty if too small)."""
    if len(patch) == 0:
        return frozenset()
    (top, left), (bottom, right) = upper_left_corner(patch), lower_right_corner(patch)
    return _outline(top + 1, left + 1, bottom - 1, right - 1)


def outer_box_outline(patch: Patch) -> Indices:
    """The border of the bounding box grown by one cell on each side (a ring around it)."""
    if len(patch) == 0:
        return frozenset()
    (top, left), (bottom, right) = upper_left_corner(patch), lower_right_corner(patch)
    return _outline(top - 1, left - 1, bottom + 1, right + 1)


def corner_indices(patch: Patch) -> Indices:
    """The four corner points of the patch's bounding box."""
    (top, left), (bottom, right) = upper_left_corner(patch), lower_right_corner(patch)
    return frozenset(((top, left), (top, right), (bottom, left), (bottom, right)))


def line_between(a: Point, b: Point) -> Indices:
    """The points on the straight (horizontal, vertical or 45°) line from a to b inclusive, else empty."""
    (ra, ca), (rb, cb) = a, b
    dr, dc = rb - ra, cb - ca
    if dr != 0 and dc != 0 and abs(dr) != abs(dc):
        return frozenset()
    steps = max(abs(dr), abs(dc))
    sr, sc = (dr > 0) - (dr < 0), (dc > 0) - (dc < 0)
    return frozenset((ra + k * sr, ca + k * sc) for k in range(steps + 1))


def ray(start: Point, direction: Point) -> Indices:
    """The points from start going in direction until well past any grid edge (start included)."""
    r, c = start
    dr, dc = direction
    return frozenset((r + k * dr, c + k * dc) for k in range(_FAR + 1))


def vertical_line_through(point: Point) -> Indices:
    """Every point of point's column, rows 0–29 (clip by filling a grid)."""
    return frozenset((r, point[1]) for r in range(_GRID_SPAN))


def horizontal_line_through(point: Point) -> Indices:
    """Every point of point's row, columns 0–29 (clip by filling a grid)."""
    return frozenset((point[0], c) for c in range(_GRID_SPAN))


def is_vertical_line(patch: Patch) -> bool:
    """True when the patch is one column wide and fills its height without gaps."""
    return width(patch) == 1 and height(patch) == len(patch)


def is_horizontal_line(patch: Patch) -> bool:
    """True when the patch is one row high and fills its width without gaps."""
    return height(patch) == 1 and width(patch) == len(patch)


def gravitate_offset(source: Patch, destination: Patch) -> Point:
    """The offset that slides source straight toward destination until they touch (edge-adjacent)."""
    (sr, sc), (dr, dc) = centre(source), centre(destination)
    if shares_column(source, destination):
        step = (1 if sr < dr else -1, 0)
    else:
        step = (0, 1 if sc < dc else -1)
    moved = to_indices(source)
    target = to_indices(destination)
    total = (0, 0)
    for _ in range(_FAR):
        if manhattan_distance(moved, target) <= 1:
            break
        moved = shift(moved, step)
        total = (total[0] + step[0], total[1] + step[1])
    return total
