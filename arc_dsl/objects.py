"""Objects: finding connected shapes in a grid and turning grids and patches into objects.

An object is a frozenset of cells `(colour, (row, column))` in grid coordinates; `normalise` moves
it to the origin and `paint` puts it back on a grid.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from arc_dsl.colours import most_common_colour
from arc_dsl.geometry import to_indices
from arc_dsl.types import Colour, Container, Grid, Indices, Object, Objects, Patch, Point

__all__ = ["OBJECT_PROPERTIES", "as_object", "canonical_shape", "cell_role", "cells_except", "colour_objects", "compartments",
           "foreground_partition",
           "hole_count", "object_property", "objects", "partition", "pieces", "recolour_by_nearest", "recolour_by_property", "recolour_cell_roles", "size_filter", "skeleton",
           "to_object"]

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


def hole_count(patch: Patch) -> int:
    """How many background regions (4-connected) the patch encloses inside its bounding box."""
    points = list(to_indices(patch))
    if not points:
        return 0
    top, left = min(r for r, _ in points), min(c for _, c in points)
    h, w = max(r for r, _ in points) - top + 3, max(c for _, c in points) - left + 3
    free = [[True] * w for _ in range(h)]
    for r, c in points:
        free[r - top + 1][c - left + 1] = False
    regions = 0
    for r0 in range(h):
        for c0 in range(w):
            if not free[r0][c0]:
                continue
            free[r0][c0], stack, open_ = False, [(r0, c0)], False
            while stack:
                r, c = stack.pop()
                open_ = open_ or r in (0, h - 1) or c in (0, w - 1)
                for dr, dc in _EDGE_STEPS:
                    rr, cc = r + dr, c + dc
                    if 0 <= rr < h and 0 <= cc < w and free[rr][cc]:
                        free[rr][cc] = False
                        stack.append((rr, cc))
            regions += not open_
    return regions


def canonical_shape(patch: Patch) -> tuple[Point, ...]:
    """The patch's cells at the origin, as the least of their eight rotations and mirrors (a shape key)."""
    points = list(to_indices(patch))
    images = []
    for flip in range(8):
        moved = [((c, r) if flip & 4 else (r, c)) for r, c in points]
        moved = [(-r if flip & 1 else r, -c if flip & 2 else c) for r, c in moved]
        top, left = min((r for r, _ in moved), default=0), min((c for _, c in moved), default=0)
        images.append(tuple(sorted((r - top, c - left) for r, c in moved)))
    return min(images)


def skeleton(patch: Patch) -> tuple[int, int, int]:
    """(ends, bends, junctions) of a thin patch: its cells with one, two at a corner, or three-plus 4-neighbours."""
    points = to_indices(patch)
    ends = bends = junctions = 0
    for r, c in points:
        up, down, left, right = ((r - 1, c) in points, (r + 1, c) in points, (r, c - 1) in points, (r, c + 1) in points)
        degree = up + down + left + right
        ends += degree == 1
        junctions += degree >= 3
        bends += degree == 2 and not ((up and down) or (left and right))
    return ends, bends, junctions


# The properties `object_property` knows: plain ones, then sizes compared with a threshold (size_is:k, size_at_least:k).
OBJECT_PROPERTIES = ("size", "has_hole", "holes", "rectangle", "square", "largest", "smallest", "extreme", "size_rank",
                     "size_rank_up", "height", "width", "touches_border", "edges", "position", "neighbour_colours",
                     "skeleton", "unique_shape", *(f"size_is:{k}" for k in range(1, 13)),
                     *(f"size_at_least:{k}" for k in range(2, 13)), "shape")


def object_property(obj: Object, peers: Objects, grid: Grid, name: str) -> Hashable:
    """The named property (OBJECT_PROPERTIES) of a one-colour object among its peers of its colour in a grid."""
    points = list(to_indices(obj))
    size = len(points)
    if name.startswith("size_is:"):
        return size == int(name.split(":")[1])
    if name.startswith("size_at_least:"):
        return size >= int(name.split(":")[1])
    colour = next(iter(obj))[0]
    h, w = len(grid), len(grid[0])
    rows, columns = [r for r, _ in points], [c for _, c in points]
    height, width = max(rows) - min(rows) + 1, max(columns) - min(columns) + 1
    edges = (min(rows) == 0, max(rows) == h - 1, min(columns) == 0, max(columns) == w - 1)
    sizes = sorted({len(peer) for peer in peers if next(iter(peer))[0] == colour})
    if name in ("largest", "smallest", "extreme"):
        largest, smallest = size == sizes[-1], size == sizes[0]
        return {"largest": largest, "smallest": smallest}.get(name, "largest" if largest else "smallest" if smallest else "")
    if name in ("size_rank", "size_rank_up"):
        return len(sizes) - 1 - sizes.index(size) if name == "size_rank" else sizes.index(size)
    if name == "position":  # the edges it touches, and whether it holds the grid's centre
        centre = {(h // 2, w // 2), ((h - 1) // 2, w // 2), (h // 2, (w - 1) // 2), ((h - 1) // 2, (w - 1) // 2)}
        return (*edges, bool(centre & set(points)))
    if name == "neighbour_colours":
        cells = set(points)
        return tuple(sorted({grid[r + dr][c + dc] for r, c in cells for dr, dc in _EDGE_STEPS
                             if 0 <= r + dr < h and 0 <= c + dc < w and (r + dr, c + dc) not in cells} - {colour}))
    if name == "unique_shape":
        key = canonical_shape(obj)
        return sum(len(peer) == size and canonical_shape(peer) == key for peer in peers) == 1
    simple = {"size": lambda: size, "has_hole": lambda: hole_count(obj) > 0, "holes": lambda: hole_count(obj),
              "rectangle": lambda: size == height * width, "height": lambda: height, "width": lambda: width,
              "square": lambda: size == height * width and height == width, "touches_border": lambda: any(edges),
              "edges": lambda: edges, "skeleton": lambda: skeleton(obj), "shape": lambda: canonical_shape(obj)}
    if name not in simple:
        raise ValueError(f"unknown object property {name!r}; known: {', '.join(OBJECT_PROPERTIES)}")
    return simple[name]()


def pieces(grid: Grid, diagonal: bool) -> Objects:
    """The one-colour objects of every colour but 0 (black), joined at corners too if diagonal."""
    return frozenset(obj for obj in objects(grid, True, diagonal, False) if next(iter(obj))[0] != 0)


def colour_objects(grid: Grid, diagonal: bool, colours: tuple[Colour, ...]) -> Objects:
    """The one-colour objects (black ones too) of the given colours, joined at corners too if diagonal."""
    return frozenset(obj for obj in objects(grid, True, diagonal, False) if next(iter(obj))[0] in colours)


def recolour_by_property(grid: Grid, found: Objects, name: str, table: Mapping[tuple, Colour]) -> Grid:
    """Each of the grid's objects `found` painted table[(its colour, its property `name` among them)], where the table has that key."""
    cells = [list(row) for row in grid]
    for obj in found:
        new = table.get((next(iter(obj))[0], object_property(obj, found, grid, name)))
        if new is not None:
            for _, (r, c) in obj:
                cells[r][c] = new
    return tuple(map(tuple, cells))


def cell_role(points: Indices, point: Point) -> tuple[int, int]:
    """(4-neighbours, 8-neighbours) of a point that lie in points (a corner, edge or inside cell of a shape)."""
    r, c = point
    edge = sum((r + dr, c + dc) in points for dr, dc in _EDGE_STEPS)
    return edge, edge + sum((r + dr, c + dc) in points for dr, dc in _ALL_STEPS[4:])


def recolour_cell_roles(grid: Grid, found: Objects, name: str | None, table: Mapping[tuple, Colour]) -> Grid:
    """Each cell of each object found painted table[(its colour, its cell_role, the object's property name or None)], where the table has that key."""
    cells = [list(row) for row in grid]
    for obj in found:
        value = object_property(obj, found, grid, name) if name else None
        points = to_indices(obj)
        for colour, point in obj:
            new = table.get((colour, *cell_role(points, point), value))
            if new is not None:
                cells[point[0]][point[1]] = new
    return tuple(map(tuple, cells))


def recolour_by_nearest(grid: Grid, colour: Colour) -> Grid:
    """Each piece of the colour (4-connected) takes the colour of the nearest cell (Manhattan) neither black nor that colour; left alone on a tie between colours."""
    others = [(r, c, v) for r, row in enumerate(grid) for c, v in enumerate(row) if v not in (0, colour)]
    if not others:
        return grid
    cells = [list(row) for row in grid]
    for piece in colour_objects(grid, False, (colour,)):
        best: dict[Colour, int] = {}
        for _, (r, c) in piece:
            for rr, cc, v in others:
                distance = abs(rr - r) + abs(cc - c)
                if distance < best.get(v, 99):
                    best[v] = distance
        nearest = min(best.values())
        winners = [v for v, distance in best.items() if distance == nearest]
        if len(winners) == 1:
            for _, (r, c) in piece:
                cells[r][c] = winners[0]
    return tuple(map(tuple, cells))
