"""Whole-grid operations: making, cutting, joining, scaling, rotating and mirroring grids, and
drawing patches onto them.

Grids are immutable: every primitive returns a new grid. Drawing primitives take the grid first:
`fill(grid, colour, patch)`, `paint(grid, obj)`, `erase(grid, patch)`, `move(grid, obj, offset)`.
Points outside the grid are ignored when drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from arc_dsl.colours import most_common_colour
from arc_dsl.geometry import (
    height,
    lower_right_corner,
    normalise,
    shift,
    to_indices,
    upper_left_corner,
    width,
)
from arc_dsl.objects import objects
from arc_dsl.types import Colour, Grid, Indices, Object, Objects, Patch, Piece, Point

__all__ = [
    "NEIGHBOURHOODS", "RAY_MODES", "all_indices", "attract", "bottom_half", "canvas", "cell_contexts", "cell_counts", "cell_summary", "cellwise_match", "colour_bands", "colour_at", "complete_pattern", "complete_symmetry", "complete_from_templates", "compress", "concat_horizontal",
    "concat_vertical", "crop", "dedupe_lines", "downscale", "erase", "extend_diagonal_tails", "extend_to", "fill", "fill_largest_rectangle", "frame_box", "fill_blank_lines", "grid_cells", "horizontal_period", "is_bordering", "join_cells", "left_half", "link_cells", "local_rule",
    "mirror_antidiagonal", "mirror_diagonal", "mirror_horizontal", "mirror_vertical", "move", "occurrences",
    "overlay_by_priority", "paint", "paste_template", "rays_to", "recolour_from_lines", "recolour_in_boxes", "right_half", "rotate_180", "rotate_270", "rotate_90", "split_grid", "split_left_right", "split_top_bottom",
    "repair_pattern", "repair_symmetry", "smear", "smear_colours", "stamp_objects", "symmetric_colour", "symmetrise_about", "subgrid", "tile", "top_half", "trim", "underfill", "underpaint", "uniform_lines", "upscale",
    "upscale_horizontal", "upscale_vertical", "vertical_period",
]


def _is_object(patch) -> bool:
    for item in patch:
        return type(item[1]) is tuple
    return False


def _map_points(patch: Patch, transform) -> Patch:
    if _is_object(patch):
        return frozenset((colour, transform(point)) for colour, point in patch)
    return frozenset(transform(point) for point in patch)


def canvas(colour: Colour, size: Point) -> Grid:
    """A grid of the given (height, width) filled with one colour: canvas(0, (2, 3))."""
    h, w = size
    row = (colour,) * w
    return (row,) * h


def all_indices(grid: Grid) -> Indices:
    """Every point of the grid."""
    return frozenset((r, c) for r in range(len(grid)) for c in range(len(grid[0])))


def colour_at(grid: Grid, point: Point) -> Colour | None:
    """The colour at (row, column), or None when the point is outside the grid."""
    r, c = point
    if 0 <= r < len(grid) and 0 <= c < len(grid[0]):
        return grid[r][c]
    return None


def is_bordering(patch: Patch, grid: Grid) -> bool:
    """True when the patch touches the grid's outer edge (first/last row or column)."""
    h, w = len(grid), len(grid[0])
    return any(r in (0, h - 1) or c in (0, w - 1) for r, c in to_indices(patch))


def crop(grid: Grid, start: Point, size: Point) -> Grid:
    """The rectangle of the given (height, width) whose upper-left corner is start."""
    (r, c), (h, w) = start, size
    return tuple(row[c:c + w] for row in grid[r:r + h])


def subgrid(grid: Grid, patch: Patch) -> Grid:
    """The part of the grid inside the patch's bounding box."""
    (top, left), (bottom, right) = upper_left_corner(patch), lower_right_corner(patch)
    return tuple(row[left:right + 1] for row in grid[top:bottom + 1])


def rotate_90(grid: Grid) -> Grid:
    """The grid turned a quarter clockwise: ((1, 2), (3, 4)) -> ((3, 1), (4, 2))."""
    return tuple(zip(*grid[::-1], strict=False))


def rotate_180(grid: Grid) -> Grid:
    """The grid turned half a turn: ((1, 2), (3, 4)) -> ((4, 3), (2, 1))."""
    return tuple(row[::-1] for row in grid[::-1])


def rotate_270(grid: Grid) -> Grid:
    """The grid turned a quarter anticlockwise: ((1, 2), (3, 4)) -> ((2, 4), (1, 3))."""
    return tuple(zip(*(row[::-1] for row in grid), strict=False))


def mirror_horizontal(piece: Piece) -> Piece:
    """Flipped upside down (top row becomes bottom row); a patch flips within its bounding box."""
    if isinstance(piece, tuple):
        return piece[::-1]
    axis = upper_left_corner(piece)[0] + lower_right_corner(piece)[0]
    return _map_points(piece, lambda p: (axis - p[0], p[1]))


def mirror_vertical(piece: Piece) -> Piece:
    """Flipped left-right (each row reversed); a patch flips within its bounding box."""
    if isinstance(piece, tuple):
        return tuple(row[::-1] for row in piece)
    axis = upper_left_corner(piece)[1] + lower_right_corner(piece)[1]
    return _map_points(piece, lambda p: (p[0], axis - p[1]))


def mirror_diagonal(piece: Piece) -> Piece:
    """Transposed across the main diagonal (rows become columns): ((1, 2), (3, 4)) -> ((1, 3), (2, 4))."""
    if isinstance(piece, tuple):
        return tuple(zip(*piece, strict=False))
    top, left = upper_left_corner(piece)
    return _map_points(piece, lambda p: (p[1] - left + top, p[0] - top + left))


def mirror_antidiagonal(piece: Piece) -> Piece:
    """Transposed across the anti-diagonal: ((1, 2), (3, 4)) -> ((4, 2), (3, 1))."""
    if isinstance(piece, tuple):
        return tuple(zip(*(row[::-1] for row in piece[::-1]), strict=False))
    (top, left), (bottom, right) = upper_left_corner(piece), lower_right_corner(piece)
    # Reflect across the anti-diagonal of the bounding box: (r, c) -> (bottom - (c - left), right - (r - top)).
    return _map_points(piece, lambda p: (top + right - p[1], left + bottom - p[0]))


def concat_horizontal(left: Grid, right: Grid) -> Grid:
    """The two grids side by side, left then right (same height)."""
    return tuple(a + b for a, b in zip(left, right, strict=False))


def concat_vertical(top: Grid, bottom: Grid) -> Grid:
    """The two grids stacked, top above bottom (same width)."""
    return tuple(top) + tuple(bottom)


def split_left_right(grid: Grid, parts: int) -> tuple[Grid, ...]:
    """The grid cut into `parts` equal vertical strips, left to right; a one-column divider
    between strips is skipped when the width does not divide evenly."""
    w = len(grid[0])
    piece, gap = w // parts, int(w % parts != 0)
    return tuple(tuple(row[k * (piece + gap):k * (piece + gap) + piece] for row in grid) for k in range(parts))


def split_top_bottom(grid: Grid, parts: int) -> tuple[Grid, ...]:
    """The grid cut into `parts` equal horizontal bands, top to bottom; a one-row divider between
    bands is skipped when the height does not divide evenly."""
    h = len(grid)
    piece, gap = h // parts, int(h % parts != 0)
    return tuple(tuple(grid[k * (piece + gap):k * (piece + gap) + piece]) for k in range(parts))


def split_grid(grid: Grid, rows: int, columns: int) -> tuple[Grid, ...]:
    """The grid cut into rows × columns equal blocks, row by row (dividers skipped as in the splits above)."""
    return tuple(block for band in split_top_bottom(grid, rows) for block in split_left_right(band, columns))


def overlay_by_priority(parts: tuple[Grid, ...], priority: tuple[Colour, ...]) -> Grid:
    """Same-shape grids laid on each other: each cell takes the earliest colour of `priority` among them."""
    rank = {colour: k for k, colour in enumerate(priority)}
    last = len(priority)
    return tuple(tuple(min(cells, key=lambda colour: (rank.get(colour, last), colour)) for cells in zip(*rows, strict=False))
                 for rows in zip(*parts, strict=False))


def top_half(grid: Grid) -> Grid:
    """The upper half of the rows (the middle row of an odd height is left out)."""
    return grid[:len(grid) // 2]


def bottom_half(grid: Grid) -> Grid:
    """The lower half of the rows (the middle row of an odd height is left out)."""
    return grid[len(grid) // 2 + len(grid) % 2:]


def left_half(grid: Grid) -> Grid:
    """The left half of the columns (the middle column of an odd width is left out)."""
    half = len(grid[0]) // 2
    return tuple(row[:half] for row in grid)


def right_half(grid: Grid) -> Grid:
    """The right half of the columns (the middle column of an odd width is left out)."""
    w = len(grid[0])
    start = w // 2 + w % 2
    return tuple(row[start:] for row in grid)


def upscale(piece: Grid | Object, factor: int) -> Grid | Object:
    """Each cell blown up to a factor×factor block; an object keeps its upper-left corner."""
    if isinstance(piece, tuple):
        return tuple(
            tuple(value for value in row for _ in range(factor)) for row in piece for _ in range(factor)
        )
    if len(piece) == 0:
        return piece
    top, left = upper_left_corner(piece)
    return frozenset(
        (colour, (top + (r - top) * factor + dr, left + (c - left) * factor + dc))
        for colour, (r, c) in piece for dr in range(factor) for dc in range(factor)
    )


def upscale_horizontal(grid: Grid, factor: int) -> Grid:
    """Each cell repeated factor times along its row (the grid gets factor times wider)."""
    return tuple(tuple(value for value in row for _ in range(factor)) for row in grid)


def upscale_vertical(grid: Grid, factor: int) -> Grid:
    """Each row repeated factor times (the grid gets factor times taller)."""
    return tuple(row for row in grid for _ in range(factor))


def downscale(grid: Grid, factor: int) -> Grid:
    """Every factor-th row and column (starting at 0): undoes upscale."""
    return tuple(row[::factor] for row in grid[::factor])


def trim(grid: Grid) -> Grid:
    """The grid without its outermost rows and columns."""
    return tuple(row[1:-1] for row in grid[1:-1])


def uniform_lines(grid: Grid) -> Objects:
    """Every full row and full column that has a single colour, as one object each."""
    h, w = len(grid), len(grid[0])
    lines = [frozenset((row[0], (r, c)) for c in range(w)) for r, row in enumerate(grid) if len(set(row)) == 1]
    for c, column in enumerate(zip(*grid, strict=False)):
        if len(set(column)) == 1:
            lines.append(frozenset((column[0], (r, c)) for r in range(h)))
    return frozenset(lines)


def _separators(grid: Grid) -> tuple[list[int], list[int]]:
    """Indices of the full rows and columns of the line colour: the colour, other than the grid's most common
    one, with the most full single-colour lines (none when no such colour has one)."""
    background = most_common_colour(grid)
    rows: dict[int, list[int]] = {}
    columns: dict[int, list[int]] = {}
    for r, row in enumerate(grid):
        if len(set(row)) == 1 and row[0] != background:
            rows.setdefault(row[0], []).append(r)
    for c, column in enumerate(zip(*grid, strict=False)):
        if len(set(column)) == 1 and column[0] != background:
            columns.setdefault(column[0], []).append(c)
    colours = set(rows) | set(columns)
    if not colours:
        return [], []
    line = max(sorted(colours), key=lambda colour: len(rows.get(colour, ())) + len(columns.get(colour, ())))
    return rows.get(line, []), columns.get(line, [])


def _bands(cuts: list[int], length: int) -> list[tuple[int, int]]:
    """The (start, stop) spans between the cut indices, empty spans left out."""
    edges = [-1, *cuts, length]
    return [(a + 1, b) for a, b in zip(edges, edges[1:], strict=False) if b > a + 1]


def _block_rows(grid: Grid) -> list[list[tuple[int, int, int, int]]]:
    """The (r0, r1, c0, c1) spans of the blocks between separator lines, one list per band of rows."""
    rows, columns = _separators(grid)
    column_bands = _bands(columns, len(grid[0]))
    return [[(r0, r1, c0, c1) for c0, c1 in column_bands] for r0, r1 in _bands(rows, len(grid))]


def grid_cells(grid: Grid) -> tuple[Grid, ...]:
    """The blocks between full lines of one colour (not the most common one), row by row; (grid,) without lines."""
    return tuple(tuple(row[c0:c1] for row in grid[r0:r1]) for band in _block_rows(grid) for r0, r1, c0, c1 in band)


def cell_summary(grid: Grid) -> Grid:
    """One cell per block of `grid_cells`: the block's commonest colour other than the grid's, else the grid's."""
    background = most_common_colour(grid)

    def colour(r0: int, r1: int, c0: int, c1: int) -> int:
        counts: dict[int, int] = {}
        for row in grid[r0:r1]:
            for value in row[c0:c1]:
                if value != background:
                    counts[value] = counts.get(value, 0) + 1
        return min(counts, key=lambda v: (-counts[v], v)) if counts else background

    return tuple(tuple(colour(*span) for span in band) for band in _block_rows(grid))


def cell_counts(grid: Grid) -> Grid:
    """One cell per block of `grid_cells`: how many of its cells are not the grid's commonest colour (at most 9)."""
    background = most_common_colour(grid)
    return tuple(tuple(min(9, sum(value != background for row in grid[r0:r1] for value in row[c0:c1]))
                       for r0, r1, c0, c1 in band) for band in _block_rows(grid))


def compress(grid: Grid) -> Grid:
    """The grid with every single-coloured row and column removed."""
    rows = [row for row in grid if len(set(row)) > 1]
    keep = [c for c, column in enumerate(zip(*grid, strict=False)) if len(set(column)) > 1]
    return tuple(tuple(row[c] for c in keep) for row in rows)


def dedupe_lines(grid: Grid) -> Grid:
    """The grid with each run of equal consecutive rows kept once, then each run of equal consecutive columns."""
    def once(rows: Grid) -> Grid:
        return tuple(row for k, row in enumerate(rows) if k == 0 or row != rows[k - 1])

    return tuple(zip(*once(tuple(zip(*once(grid), strict=True))), strict=True))


def _lines(h: int, w: int, direction: Point) -> Iterator[list[Point]]:
    """Every line of an h×w grid along direction (0, 1), (1, 0), (1, 1) or (1, -1), its points in order."""
    dr, dc = direction
    starts = [(0, c) for c in range(w)] if dr else []
    if dc == 1:
        starts += [(r, 0) for r in range(1 if dr else 0, h)]
    elif dc == -1:
        starts += [(r, w - 1) for r in range(1, h)]
    for r, c in starts:
        line = []
        while 0 <= r < h and 0 <= c < w:
            line.append((r, c))
            r, c = r + dr, c + dc
        yield line


def join_cells(grid: Grid, direction: Point) -> Grid:
    """Background runs between two cells of one colour along the lines of direction (RIGHT, DOWN, DOWN_RIGHT or DOWN_LEFT) take that colour."""
    if direction not in ((0, 1), (1, 0), (1, 1), (1, -1)):
        raise ValueError(f"direction must be RIGHT, DOWN, DOWN_RIGHT or DOWN_LEFT, not {direction}")
    background = most_common_colour(grid)
    rows = [list(row) for row in grid]
    for line in _lines(len(grid), len(grid[0]), direction):
        last = None  # index in line of the last non-background cell
        for k, (r, c) in enumerate(line):
            colour = grid[r][c]
            if colour == background:
                continue
            if last is not None and k - last > 1 and grid[line[last][0]][line[last][1]] == colour:
                for rr, cc in line[last + 1:k]:
                    rows[rr][cc] = colour
            last = k
    return tuple(map(tuple, rows))


def link_cells(grid: Grid, directions: tuple[Point, ...], colour: Colour | None, through: Colour | None) -> Grid:
    """Black cells between two cells of one colour along each direction (crossing cells of colour `through`) painted `colour`, or the ends' colour when None; all read off the original grid."""
    background = 0
    rows = [list(row) for row in grid]
    for direction in directions:
        for line in _lines(len(grid), len(grid[0]), direction):
            last = None  # the last cell on the line that is neither background nor `through`
            for k, (r, c) in enumerate(line):
                here = grid[r][c]
                if here in (background, through):
                    continue
                if last is not None and grid[line[last][0]][line[last][1]] == here:
                    for rr, cc in line[last + 1:k]:
                        if grid[rr][cc] == background:
                            rows[rr][cc] = here if colour is None else colour
                last = k
    return tuple(map(tuple, rows))


def colour_bands(grid: Grid) -> Grid:
    """The colours in the order they first come across the grid: one row if every row shows them all (bands side by side), else one column if every column does, else the grid."""
    colours = set().union(*map(set, grid))
    for lines, as_row in ((grid, True), (tuple(zip(*grid, strict=True)), False)):
        if all(set(line) == colours for line in lines):
            order = tuple(dict.fromkeys(v for line in zip(*lines, strict=True) for v in line))
            return (order,) if as_row else tuple((v,) for v in order)
    return grid


def fill_largest_rectangle(grid: Grid, blank: Colour, colour: Colour) -> Grid:
    """The largest rectangle (at least 2 by 2) of blank cells painted colour; the first, top-left, of equal ones."""
    h, w = len(grid), len(grid[0])
    heights, best, found = [0] * w, 0, None
    for r in range(h):
        heights = [heights[c] + 1 if grid[r][c] == blank else 0 for c in range(w)]
        for left in range(w):
            low = h
            for right in range(left, w):
                low = min(low, heights[right])
                if low < 2:
                    break
                if right > left and low * (right - left + 1) > best:
                    best, found = low * (right - left + 1), (r - low + 1, r, left, right)
    if found is None:
        return grid
    top, bottom, left, right = found
    return tuple(tuple(colour if top <= r <= bottom and left <= c <= right else v for c, v in enumerate(row))
                 for r, row in enumerate(grid))


def fill_blank_lines(grid: Grid, colour: Colour, margin: int) -> Grid:
    """Every row and column that is all black but for `margin` cells at each end painted colour there (the margins kept)."""
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for r in range(h):
        if all(grid[r][c] == 0 for c in range(margin, w - margin)):
            for c in range(margin, w - margin):
                rows[r][c] = colour
    for c in range(w):
        if all(grid[r][c] == 0 for r in range(margin, h - margin)):
            for r in range(margin, h - margin):
                rows[r][c] = colour
    return tuple(map(tuple, rows))


def frame_box(grid: Grid) -> Indices:
    """The box of the one colour drawn as a rectangle outline or four corner marks (at least 3×3, not the whole grid); empty when no colour or several are."""
    h, w = len(grid), len(grid[0])
    where: dict[Colour, list[Point]] = {}
    for r, row in enumerate(grid):
        for c, colour in enumerate(row):
            where.setdefault(colour, []).append((r, c))
    found = []
    for points in where.values():
        top, bottom = min(r for r, _ in points), max(r for r, _ in points)
        left, right = min(c for _, c in points), max(c for _, c in points)
        if bottom - top < 2 or right - left < 2 or (bottom - top + 1) * (right - left + 1) == h * w:
            continue
        cells = set(points)
        if all(r in (top, bottom) or c in (left, right) for r, c in points) and \
                {(top, left), (top, right), (bottom, left), (bottom, right)} <= cells:
            found.append(frozenset((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)))
    return found[0] if len(found) == 1 else frozenset()


def recolour_from_lines(grid: Grid, colour: Colour, rows: bool, whole_pieces: bool) -> Grid:
    """Cells (or 4-connected pieces) of the colour take the one other colour but black in their row (rows spanned) or column if not rows; unchanged where there is none or several."""
    lines = grid if rows else tuple(zip(*grid, strict=True))
    others = [set(line) - {colour, 0} for line in lines]
    cells = [list(row) for row in grid]
    found = objects(grid, True, False, False) if whole_pieces else [
        frozenset({(colour, (r, c))}) for r, row in enumerate(grid) for c, v in enumerate(row) if v == colour]
    for piece in found:
        if next(iter(piece))[0] != colour:
            continue
        seen = set().union(*(others[point[0] if rows else point[1]] for _, point in piece))
        if len(seen) == 1:
            new = seen.pop()
            for _, (r, c) in piece:
                cells[r][c] = new
    return tuple(map(tuple, cells))


def recolour_in_boxes(grid: Grid, marker: Colour, target: Colour | None, colour: Colour, reach: int) -> Grid:
    """Inside the box of each cluster of marker cells (each within `reach` rows and columns of another), cells of colour target (of any colour but the marker's and black when None) painted colour."""
    left = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v == marker}
    rows = [list(row) for row in grid]
    while left:
        cluster, stack = set(), [left.pop()]
        while stack:
            r, c = stack.pop()
            cluster.add((r, c))
            near = {(rr, cc) for rr, cc in left if abs(rr - r) <= reach and abs(cc - c) <= reach}
            left -= near
            stack.extend(near)
        for r in range(min(r for r, _ in cluster), max(r for r, _ in cluster) + 1):
            for c in range(min(c for _, c in cluster), max(c for _, c in cluster) + 1):
                if grid[r][c] == target or (target is None and grid[r][c] not in (marker, 0)):
                    rows[r][c] = colour
    return tuple(map(tuple, rows))


# What a cell does toward each direction whose first non-background cell has the target colour (`rays_to`):
# draw up to it, recolour it, both, or draw the other way to the edge or the next drawn cell.
RAY_MODES = ("toward", "away", "hit", "toward_hit", "both")


def rays_to(grid: Grid, target: Colour, modes: str | tuple[tuple[Colour, str], ...]) -> Grid:
    """Cells of each other colour (all, or those in modes) draw rays, per RAY_MODES, in each direction that first meets target."""
    background = most_common_colour(grid)
    table = dict(modes) if not isinstance(modes, str) else None
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for r in range(h):
        for c in range(w):
            colour = grid[r][c]
            mode = modes if table is None else table.get(colour)
            if colour in (background, target) or mode is None:
                continue
            for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                rr, cc = r + dr, c + dc
                while 0 <= rr < h and 0 <= cc < w and grid[rr][cc] == background:
                    rr, cc = rr + dr, cc + dc
                if not (0 <= rr < h and 0 <= cc < w) or grid[rr][cc] != target:
                    continue
                if mode in ("toward", "toward_hit", "both"):
                    for step in range(1, max(abs(rr - r), abs(cc - c))):
                        rows[r + dr * step][c + dc * step] = colour
                if mode in ("hit", "toward_hit"):
                    rows[rr][cc] = colour
                if mode in ("away", "both"):
                    ar, ac = r - dr, c - dc
                    while 0 <= ar < h and 0 <= ac < w and grid[ar][ac] == background:
                        rows[ar][ac] = colour
                        ar, ac = ar - dr, ac - dc
    return tuple(map(tuple, rows))


def extend_diagonal_tails(grid: Grid) -> Grid:
    """A drawn cell touching the rest only at a corner, with nothing beyond it, continues that diagonal over the background to the edge or the next drawn cell."""
    background = most_common_colour(grid)
    h, w = len(grid), len(grid[0])

    def drawn(r: int, c: int) -> bool:
        return 0 <= r < h and 0 <= c < w and grid[r][c] != background

    rows = [list(row) for row in grid]
    for r in range(h):
        for c in range(w):
            if not drawn(r, c) or any(drawn(r + dr, c + dc) for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))):
                continue
            for dr, dc in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                if drawn(r - dr, c - dc) and not drawn(r + dr, c + dc):
                    rr, cc = r + dr, c + dc
                    while 0 <= rr < h and 0 <= cc < w and grid[rr][cc] == background:
                        rows[rr][cc] = grid[r][c]
                        rr, cc = rr + dr, cc + dc
    return tuple(map(tuple, rows))


def smear(grid: Grid, directions: tuple[Point, ...]) -> Grid:
    """Every non-background cell extends over the background along each of directions until a non-background cell or the edge (earlier cells first)."""
    background = most_common_colour(grid)
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for r in range(h):
        for c in range(w):
            colour = grid[r][c]
            if colour == background:
                continue
            for direction in directions:
                _smear_from(grid, rows, (r, c), direction, background)
    return tuple(map(tuple, rows))


def _smear_from(grid: Grid, rows: list[list[Colour]], start: Point, direction: Point, background: Colour) -> None:
    """Paint (in rows) the start cell's colour along direction over background cells not painted yet, up to the next drawn cell or the edge."""
    (r, c), (dr, dc) = start, direction
    h, w = len(grid), len(grid[0])
    rr, cc = r + dr, c + dc
    while 0 <= rr < h and 0 <= cc < w and grid[rr][cc] == background:
        if rows[rr][cc] == background:
            rows[rr][cc] = grid[r][c]
        rr, cc = rr + dr, cc + dc


def smear_colours(grid: Grid, table: tuple[tuple[Colour, tuple[Point, ...]], ...]) -> Grid:
    """Like smear, but each colour in the table extends along its own directions (others stay put), diagonally only from a shape's outer corners."""
    background = most_common_colour(grid)
    directions = dict(table)
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for r in range(h):
        for c in range(w):
            colour = grid[r][c]
            for dr, dc in directions.get(colour, ()) if colour != background else ():
                if dr and dc and colour in (grid[r + dr][c] if 0 <= r + dr < h else None,
                                            grid[r][c + dc] if 0 <= c + dc < w else None):
                    continue  # a diagonal ray starts only where no cell of the shape is beside its path
                _smear_from(grid, rows, (r, c), (dr, dc), background)
    return tuple(map(tuple, rows))


def cellwise_match(a: Grid, b: Grid, fallback: Colour) -> Grid:
    """a's colour where a and b agree, fallback where they differ (same shape)."""
    return tuple(
        tuple(x if x == y else fallback for x, y in zip(row_a, row_b, strict=False)) for row_a, row_b in zip(a, b, strict=False)
    )


def fill(grid: Grid, colour: Colour, patch: Patch) -> Grid:
    """The grid with the patch's points set to colour (points outside are ignored)."""
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for r, c in to_indices(patch):
        if 0 <= r < h and 0 <= c < w:
            rows[r][c] = colour
    return tuple(tuple(row) for row in rows)


def paint(grid: Grid, obj: Object) -> Grid:
    """The grid with the object's cells drawn in their own colours."""
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for colour, (r, c) in obj:
        if 0 <= r < h and 0 <= c < w:
            rows[r][c] = colour
    return tuple(tuple(row) for row in rows)


def underfill(grid: Grid, colour: Colour, patch: Patch) -> Grid:
    """fill, but only where the grid shows its background (most common colour)."""
    background = most_common_colour(grid)
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for r, c in to_indices(patch):
        if 0 <= r < h and 0 <= c < w and rows[r][c] == background:
            rows[r][c] = colour
    return tuple(tuple(row) for row in rows)


def underpaint(grid: Grid, obj: Object) -> Grid:
    """paint, but only where the grid shows its background (most common colour)."""
    background = most_common_colour(grid)
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for colour, (r, c) in obj:
        if 0 <= r < h and 0 <= c < w and rows[r][c] == background:
            rows[r][c] = colour
    return tuple(tuple(row) for row in rows)


def erase(grid: Grid, patch: Patch) -> Grid:
    """The grid with the patch's points set to the background (most common colour)."""
    return fill(grid, most_common_colour(grid), patch)


def move(grid: Grid, obj: Object, offset: Point) -> Grid:
    """The object erased from where it is and painted again shifted by offset."""
    return paint(erase(grid, obj), shift(obj, offset))


def occurrences(grid: Grid, obj: Object) -> Indices:
    """The upper-left points at which every cell of the object matches the grid's colours."""
    cells = normalise(obj)
    oh, ow = height(cells), width(cells)
    h, w = len(grid), len(grid[0])
    found = []
    for r in range(h - oh + 1):
        for c in range(w - ow + 1):
            if all(grid[r + dr][c + dc] == colour for colour, (dr, dc) in cells):
                found.append((r, c))
    return frozenset(found)


def _period(points, extent: int, axis: int) -> int:
    for p in range(1, extent):
        if all(cell in points for cell in
               ((colour, (r - p, c) if axis == 0 else (r, c - p)) for colour, (r, c) in points)
               if cell[1][axis] >= 0):
            return p
    return extent


def horizontal_period(obj: Object) -> int:
    """The smallest column shift p at which the object repeats itself left-right (its width if none)."""
    cells = normalise(obj)
    return _period(cells, width(cells), 1)


def vertical_period(obj: Object) -> int:
    """The smallest row shift p at which the object repeats itself top-bottom (its height if none)."""
    cells = normalise(obj)
    return _period(cells, height(cells), 0)


def tile(grid: Grid, rows: int, columns: int) -> Grid:
    """The grid repeated rows times downward and columns times across: tile(((1, 2),), 2, 1) == ((1, 2), (1, 2))."""
    return tuple(tuple(row) * columns for row in grid) * rows


def _line_period(rows: Grid, hole: Colour) -> int:
    for p in range(1, len(rows)):
        if all(a == b or hole in (a, b) for r in range(len(rows) - p) for a, b in zip(rows[r], rows[r + p], strict=True)):
            return p
    return len(rows)


def repair_symmetry(grid: Grid, hole: Colour) -> Grid:
    """The grid with each cell of colour hole restored from its mirror images (left-right, up-down, half turn, transpose)."""
    h, w = len(grid), len(grid[0])

    def mirrored(r, c):
        images = [(r, w - 1 - c), (h - 1 - r, c), (h - 1 - r, w - 1 - c)] + ([(c, r)] if h == w else [])
        seen = [grid[rr][cc] for rr, cc in images if grid[rr][cc] != hole]
        return seen[0] if seen else hole

    return tuple(tuple(colour if colour != hole else mirrored(r, c) for c, colour in enumerate(row))
                 for r, row in enumerate(grid))


def _mirrors(h: int, w: int) -> Iterator[Callable[[int, int], Point]]:
    """Every reflection of an h×w grid about a row, column, diagonal or anti-diagonal axis that crosses it."""
    for s in range(1, 2 * h - 2):
        yield lambda r, c, s=s: (s - r, c)
    for s in range(1, 2 * w - 2):
        yield lambda r, c, s=s: (r, s - c)
    for k in range(2 - w, h - 1):
        yield lambda r, c, k=k: (c + k, r - k)
    for s in range(1, h + w - 2):
        yield lambda r, c, s=s: (s - c, s - r)


def complete_symmetry(grid: Grid, hole: Colour) -> Grid:
    """Cells of colour hole filled across each mirror axis (any row, column or diagonal line) that half the other cells pair across and all obey."""
    h, w = len(grid), len(grid[0])
    known = [(r, c) for r in range(h) for c in range(w) if grid[r][c] != hole]
    if not known or len(known) == h * w:
        return grid
    mirrors = []
    for mirror in _mirrors(h, w):
        paired = 0
        for r, c in known:
            r2, c2 = mirror(r, c)
            if 0 <= r2 < h and 0 <= c2 < w and grid[r2][c2] != hole:
                if grid[r2][c2] != grid[r][c]:
                    break
                paired += 1
        else:
            if 2 * paired >= len(known):
                mirrors.append(mirror)
    cells = [list(row) for row in grid]
    holes = {(r, c) for r in range(h) for c in range(w) if grid[r][c] == hole}
    while holes:
        found = {}
        for r, c in holes:
            for mirror in mirrors:
                r2, c2 = mirror(r, c)
                if 0 <= r2 < h and 0 <= c2 < w and (r2, c2) not in holes:
                    found[(r, c)] = cells[r2][c2]
                    break
        if not found:
            break
        for (r, c), colour in found.items():
            cells[r][c] = colour
        holes -= set(found)
    return tuple(map(tuple, cells))


# The symmetry groups `symmetrise_about` knows, as 2×2 integer matrices acting on (row, column) about a centre.
SYMMETRY_GROUPS = {
    "h": ((1, 0, 0, 1), (1, 0, 0, -1)),
    "v": ((1, 0, 0, 1), (-1, 0, 0, 1)),
    "hv": ((1, 0, 0, 1), (1, 0, 0, -1), (-1, 0, 0, 1), (-1, 0, 0, -1)),
    "rot2": ((1, 0, 0, 1), (-1, 0, 0, -1)),
    "rot4": ((1, 0, 0, 1), (0, -1, 1, 0), (-1, 0, 0, -1), (0, 1, -1, 0)),
    "d4": ((1, 0, 0, 1), (0, -1, 1, 0), (-1, 0, 0, -1), (0, 1, -1, 0), (1, 0, 0, -1), (-1, 0, 0, 1), (0, 1, 1, 0),
           (0, -1, -1, 0)),
}


def _images(points: Iterable[Point], group: str, centre2: Point) -> Iterator[tuple[Point, Point | None]]:
    """(point, image) for each point and group element about a centre given in doubled coordinates (None: off-grid
    between cells)."""
    cy, cx = centre2
    for r, c in points:
        y, x = 2 * r - cy, 2 * c - cx
        for a, b, cc, d in SYMMETRY_GROUPS[group]:
            yy, xx = a * y + b * x + cy, cc * y + d * x + cx
            yield (r, c), ((yy // 2, xx // 2) if yy % 2 == 0 and xx % 2 == 0 else None)


def _box_centre2(points: Iterable[Point]) -> Point:
    rows, columns = zip(*points, strict=True)
    return min(rows) + max(rows), min(columns) + max(columns)


def symmetrise_about(grid: Grid, patch: Patch, group: str) -> Grid:
    """Every non-background cell copied, over the background, to its images under the group (SYMMETRY_GROUPS) about the centre of the patch's box; unchanged when an image falls between cells."""
    points = to_indices(patch)
    background = most_common_colour(grid)
    drawn = [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v != background]
    if not points or not drawn:
        return grid
    h, w = len(grid), len(grid[0])
    cells = [list(row) for row in grid]
    for (r, c), image in _images(drawn, group, _box_centre2(points)):
        if image is None:
            return grid
        y, x = image
        if 0 <= y < h and 0 <= x < w and cells[y][x] == background:
            cells[y][x] = grid[r][c]
    return tuple(map(tuple, cells))


def symmetric_colour(grid: Grid, group: str) -> Indices:
    """The cells of the one non-background colour already symmetric under the group about its own box's centre (empty when none or several are)."""
    background = most_common_colour(grid)
    found = []
    for colour in sorted({v for row in grid for v in row} - {background}):
        points = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v == colour}
        if all(image in points for _, image in _images(points, group, _box_centre2(points))):
            found.append(points)
    return frozenset(found[0]) if len(found) == 1 else frozenset()


def _clusters(grid: Grid, background: Colour, reach: int) -> list[dict[Point, Colour]]:
    """The grid's drawn cells grouped with every cell within reach rows and columns of another, as point → colour."""
    left = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v != background}
    clusters = []
    while left:
        cluster, stack = {}, [min(left)]
        left.discard(stack[0])
        while stack:
            r, c = stack.pop()
            cluster[(r, c)] = grid[r][c]
            near = {(r + dr, c + dc) for dr in range(-reach, reach + 1) for dc in range(-reach, reach + 1)} & left
            left -= near
            stack.extend(near)
        clusters.append(cluster)
    return clusters


def _turned(cells: dict[Point, Colour], turns: bool) -> list[dict[Point, Colour]]:
    """The cells under the eight turns and mirrors (or as they are), each moved to start at row and column 0."""
    images = []
    for flip in range(8 if turns else 1):
        moved = {((c, r) if flip & 4 else (r, c)): v for (r, c), v in cells.items()}
        moved = {(-r if flip & 1 else r, -c if flip & 2 else c): v for (r, c), v in moved.items()}
        top, left = min(r for r, _ in moved), min(c for _, c in moved)
        image = {(r - top, c - left): v for (r, c), v in moved.items()}
        if image not in images:
            images.append(image)
    return images


def complete_from_templates(grid: Grid, turns: bool, reach: int) -> Grid:
    """Each cluster of drawn cells (within reach of each other) that matches part of a larger one (turned or mirrored too if turns) completed to it over the background, where the completion is unique."""
    background = most_common_colour(grid)
    clusters = sorted(_clusters(grid, background, reach), key=len, reverse=True)
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for cluster in clusters:
        (r0, c0), colour0 = min(cluster.items())
        completions = set()
        for template in clusters:
            if len(template) <= len(cluster):
                continue
            for image in _turned(template, turns):
                for (tr, tc), colour in image.items():
                    dr, dc = r0 - tr, c0 - tc
                    if colour == colour0 and all(image.get((r - dr, c - dc)) == v for (r, c), v in cluster.items()):
                        completions.add(frozenset(((r + dr, c + dc), v) for (r, c), v in image.items()))
        if len(completions) == 1:
            for (r, c), v in completions.pop():
                if 0 <= r < h and 0 <= c < w and grid[r][c] == background:
                    rows[r][c] = v
    return tuple(map(tuple, rows))


def paste_template(grid: Grid, placeholder: Colour, centred: bool, erase: bool) -> Grid:
    """The one many-coloured object without the placeholder colour copied onto each placeholder piece of its shape (or centred on each placeholder cell), itself blacked out if erase; unchanged without exactly one such template or when a piece has another shape."""
    for diagonal in (True, False):  # a placeholder may touch the template at a corner
        templates = [obj for obj in objects(grid, False, diagonal, True)
                     if len({v for v, _ in obj}) > 1 and all(v not in (0, placeholder) for v, _ in obj)]
        if len(templates) == 1:
            break
    else:
        return grid
    template = templates[0]
    top, left = upper_left_corner(template)
    cells = [(v, (r - top, c - left)) for v, (r, c) in template]
    shape_of = {point for _, point in cells}
    h, w = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    if erase:
        for _, (r, c) in template:
            rows[r][c] = 0
    if centred:
        height_, width_ = lower_right_corner(template)[0] - top + 1, lower_right_corner(template)[1] - left + 1
        if height_ % 2 == 0 or width_ % 2 == 0:
            return grid
        anchors = [(r - height_ // 2, c - width_ // 2) for r in range(h) for c in range(w) if grid[r][c] == placeholder]
    else:
        anchors = []
        for piece in objects(grid, True, True, True):
            if next(iter(piece))[0] != placeholder:
                continue
            corner = upper_left_corner(piece)
            if {(r - corner[0], c - corner[1]) for _, (r, c) in piece} != shape_of:
                return grid
            anchors.append(corner)
    if not anchors:
        return grid
    for r0, c0 in anchors:
        for colour, (dr, dc) in cells:
            if 0 <= r0 + dr < h and 0 <= c0 + dc < w:
                rows[r0 + dr][c0 + dc] = colour
        if centred and (height_ // 2, width_ // 2) not in shape_of:
            rows[r0 + height_ // 2][c0 + width_ // 2] = 0  # the marker itself, where the template has no cell
    return tuple(map(tuple, rows))


def _tilings(h: int, w: int) -> list[tuple[int, str, int, int]]:
    """The periodic structures complete_pattern tries, fewest classes first: (classes, kind, a, b)."""
    found = []
    for p in range(1, max(h, w) + 1):
        found += [(p, "diagonal", p, 0), (p, "antidiagonal", p, 0)]
    found += [(a * b, "rectangle", a, b) for a in range(1, h + 1) for b in range(1, w + 1) if a * b < h * w]
    return sorted(found)


def _tile_class(kind: str, a: int, b: int, r: int, c: int) -> tuple[int, int]:
    if kind == "rectangle":
        return r % a, c % b
    return ((r + c) if kind == "diagonal" else (r - c)) % a, 0


def complete_pattern(grid: Grid, hole: Colour) -> Grid:
    """The grid with each cell of colour hole taken from the simplest tiling (rectangular period, or period along a diagonal) that every other cell agrees with; unchanged if none covers every hole."""
    known = [(r, c, colour) for r, row in enumerate(grid) for c, colour in enumerate(row) if colour != hole]
    holes = [(r, c) for r, row in enumerate(grid) for c, colour in enumerate(row) if colour == hole]
    if not holes or not known:
        return grid
    for _, kind, a, b in _tilings(len(grid), len(grid[0])):
        table: dict[tuple[int, int], int] = {}
        if any(table.setdefault(_tile_class(kind, a, b, r, c), colour) != colour for r, c, colour in known):
            continue
        if all(_tile_class(kind, a, b, r, c) in table for r, c in holes):
            rows = [list(row) for row in grid]
            for r, c in holes:
                rows[r][c] = table[_tile_class(kind, a, b, r, c)]
            return tuple(map(tuple, rows))
    return grid


def repair_pattern(grid: Grid, hole: Colour) -> Grid:
    """The grid with each cell of colour hole restored from the smallest row and column periods of the other cells."""
    row_period = _line_period(grid, hole)
    column_period = _line_period(tuple(zip(*grid, strict=True)), hole)
    known = {}
    for r, row in enumerate(grid):
        for c, colour in enumerate(row):
            if colour != hole:
                known.setdefault((r % row_period, c % column_period), colour)
    return tuple(tuple(colour if colour != hole else known.get((r % row_period, c % column_period), hole)
                       for c, colour in enumerate(row)) for r, row in enumerate(grid))


# What a local rule reads around a cell (see cell_contexts): its neighbourhood, from the most general key to the
# most specific, then the size rank of the one-colour object it belongs to (edge- or corner-connected).
NEIGHBOURHOODS = ("around4", "around8", "neighbours4", "row_column", "neighbours8", "object_rank4", "object_rank8")
_RING = ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))  # edge neighbours first


def cell_contexts(grid: Grid, kind: str) -> tuple[tuple[tuple, ...], ...]:
    """One key per cell: (colour, the sorted set of its 4/8 neighbours' colours | those neighbours in order | its row's and column's colours | its object's size rank), -1 off the grid or in the background."""
    return tuple(context_rows(grid, kind))


def context_rows(grid: Grid, kind: str) -> Iterator[tuple[tuple, ...]]:
    """The rows of `cell_contexts(grid, kind)` one at a time (not a primitive: for callers that may stop early)."""
    if kind not in NEIGHBOURHOODS:
        raise ValueError(f"unknown neighbourhood {kind!r} (one of {', '.join(NEIGHBOURHOODS)})")
    h, w = len(grid), len(grid[0])
    if kind.startswith("object_rank"):
        yield from (tuple(zip(row, ranks, strict=True)) for row, ranks in zip(grid, _size_ranks(grid, kind), strict=True))
        return
    if kind == "row_column":
        columns = [tuple(sorted(set(column))) for column in zip(*grid, strict=True)]
        for row in grid:
            colours = tuple(sorted(set(row)))
            yield tuple((colour, colours, columns[c]) for c, colour in enumerate(row))
        return
    ring = _RING[:4] if kind.endswith("4") else _RING
    padded = ((-1,) * (w + 2), *((-1, *row, -1) for row in grid), (-1,) * (w + 2))
    ordered = kind.startswith("neighbours")
    for r in range(1, h + 1):
        row_keys = []
        for c in range(1, w + 1):
            around = tuple(padded[r + dr][c + dc] for dr, dc in ring)
            row_keys.append((padded[r][c], around if ordered else tuple(sorted(set(around)))))
        yield tuple(row_keys)


def _size_ranks(grid: Grid, kind: str) -> list[list[int]]:
    """Per cell, the rank of its one-colour object's size among the distinct sizes, largest first (0); -1 for the
    background (the most common colour). Objects are edge-connected for `object_rank4`, corner too for `object_rank8`."""
    parts = objects(grid, True, kind.endswith("8"), True)
    sizes = sorted({len(part) for part in parts}, reverse=True)
    ranks = [[-1] * len(grid[0]) for _ in grid]
    for part in parts:
        rank = sizes.index(len(part))
        for _, (r, c) in part:
            ranks[r][c] = rank
    return ranks


def local_rule(grid: Grid, kind: str, table: Mapping[tuple, Colour]) -> Grid:
    """Each cell recoloured to table[its cell_contexts key] where the table has that key; other cells keep their colour."""
    return tuple(tuple(table.get(key, key[0]) for key in row) for row in cell_contexts(grid, kind))


def object_key(obj: Object) -> tuple:
    """An object's cells moved to its top-left corner, sorted: the key `stamp_objects` looks objects up by (not a primitive)."""
    return tuple(sorted(normalise(obj)))


def stamp_objects(grid: Grid, univalued: bool, diagonal: bool, patterns: Mapping[tuple, tuple]) -> Grid:
    """Each object (objects(grid, univalued, diagonal, True)) whose top-left-moved sorted cells are a key of patterns gets that pattern's (offset from its top-left, colour) cells painted."""
    rows = [list(row) for row in grid]
    h, w = len(grid), len(grid[0])
    for obj in sorted(objects(grid, univalued, diagonal, True), key=lambda o: upper_left_corner(o)):
        pattern = patterns.get(object_key(obj))
        if pattern is None:
            continue
        top, left = upper_left_corner(obj)
        for (dr, dc), colour in pattern:
            if 0 <= top + dr < h and 0 <= left + dc < w:
                rows[top + dr][left + dc] = colour
    return tuple(map(tuple, rows))




def _slides(grid: Grid, target: Colour | None, directions: tuple[Point, ...] = _RING
            ) -> list[tuple[Object, tuple[int, int, int] | None]]:
    """For each of the grid's smallest one-colour objects (not of colour target): the direction (dr, dc), among
    directions, and the number of steps along it to the nearest cell in line of a larger object of colour target (of
    its own colour if target is None), or None when there is none in line."""
    h, w = len(grid), len(grid[0])
    parts = sorted(objects(grid, True, False, True), key=lambda o: (-len(o), upper_left_corner(o)))
    if not parts:
        return []
    smallest = len(parts[-1])
    anchors: dict[int, set[Point]] = {}  # cells of the larger objects, by colour
    for part in parts:
        if len(part) > smallest:
            for colour, point in part:
                anchors.setdefault(colour, set()).add(point)
    slides: list[tuple[Object, tuple[int, int, int] | None]] = []
    for part in parts:
        colour = next(iter(part))[0]
        if len(part) != smallest or colour == target:
            continue
        goal = anchors.get(colour if target is None else target, ())
        best = None
        cells = [point for _, point in part]
        for dr, dc in directions if goal else ():
            for steps in range(1, max(h, w) if best is None else best[2]):
                moved = [(r + steps * dr, c + steps * dc) for r, c in cells]
                if any(point in goal for point in moved):
                    best = (dr, dc, steps)
                    break
                if all(not (0 <= r < h and 0 <= c < w) for r, c in moved):
                    break
        slides.append((part, best))
    return slides


def attract(grid: Grid, target: Colour | None, keep_strays: bool) -> Grid:
    """The smallest one-colour objects slide along a row, column or diagonal toward the nearest cell in line of a larger object of colour target (of their own colour if target is None) and stop touching it; those with none in line stay if keep_strays, else vanish."""
    slides = _slides(grid, target)
    rows = [list(row) for row in grid]
    background = most_common_colour(grid)
    for part, _ in slides:
        for _, (r, c) in part:
            rows[r][c] = background
    for part, slide in slides:
        if slide is None and not keep_strays:
            continue
        dr, dc, steps = slide or (0, 0, 1)
        for colour, (r, c) in part:
            rows[r + dr * (steps - 1)][c + dc * (steps - 1)] = colour
    return tuple(map(tuple, rows))


def extend_to(grid: Grid, target: Colour | None) -> Grid:
    """The smallest one-colour objects draw their colour over the background along their row or column up to the nearest cell in line of a larger object of colour target (of their own colour if target is None)."""
    rows = [list(row) for row in grid]
    background = most_common_colour(grid)
    for part, slide in _slides(grid, target, _RING[:4]):
        if slide is None:
            continue
        dr, dc, steps = slide
        for colour, (r, c) in part:
            for k in range(1, steps):
                if rows[r + k * dr][c + k * dc] == background:
                    rows[r + k * dr][c + k * dc] = colour
    return tuple(map(tuple, rows))
