"""Colours: the ten named colour constants, counting and picking colours, recolouring.

ARC colours are ints 0–9; the constants give them their usual names:
BLACK=0 BLUE=1 RED=2 GREEN=3 YELLOW=4 GREY=5 MAGENTA=6 ORANGE=7 AZURE=8 MAROON=9.
"Background" means the grid's most common colour unless a primitive says otherwise.
"""

from __future__ import annotations

from itertools import chain

from arc_dsl.types import Colour, Element, Grid, Indices, Object, Objects, Patch

__all__ = [
    "AZURE", "BLACK", "BLUE", "GREEN", "GREY", "MAGENTA", "MAROON", "ORANGE", "RED", "YELLOW",
    "colour_count", "colour_filter", "colour_of", "colours_by_count", "indices_of_colour", "least_common_colour",
    "most_common_colour", "number_of_colours", "palette", "rank_colours", "recolour", "replace_colour", "swap_colours",
    "unrank_colours",
]

BLACK: Colour = 0
BLUE: Colour = 1
RED: Colour = 2
GREEN: Colour = 3
YELLOW: Colour = 4
GREY: Colour = 5
MAGENTA: Colour = 6
ORANGE: Colour = 7
AZURE: Colour = 8
MAROON: Colour = 9


def _colours(element: Element):
    if isinstance(element, tuple):
        return chain.from_iterable(element)
    return (colour for colour, _ in element)


def _counts(element: Element) -> list[int]:
    counts = [0] * 10
    if isinstance(element, tuple):
        for row in element:
            for colour in row:
                counts[colour] += 1
    else:
        for colour, _ in element:
            counts[colour] += 1
    return counts


def palette(element: Element) -> frozenset[Colour]:
    """The set of colours present in a grid or object."""
    return frozenset(_colours(element))


def number_of_colours(element: Element) -> int:
    """How many distinct colours a grid or object contains (background included)."""
    return len(palette(element))


def most_common_colour(element: Element) -> Colour:
    """The colour covering the most cells of a grid or object (ties: the smaller colour)."""
    counts = _counts(element)
    return counts.index(max(counts))


def colours_by_count(element: Element) -> tuple[Colour, ...]:
    """The present colours, the one covering the most cells first (ties: the smaller colour)."""
    counts = _counts(element)
    return tuple(sorted((c for c in range(10) if counts[c]), key=lambda c: -counts[c]))


def _rank_order(grid: Grid) -> tuple[Colour, ...]:
    """All ten colours by rank: the grid's own by count (as colours_by_count), then the absent ones in order."""
    present = colours_by_count(grid)
    return present + tuple(c for c in range(10) if c not in present)


def rank_colours(grid: Grid, reference: Grid) -> Grid:
    """The grid with each colour replaced by its rank by count in reference: its commonest becomes 0, the next 1, …"""
    order = _rank_order(reference)
    rank = [0] * 10
    for k, colour in enumerate(order):
        rank[colour] = k
    return tuple(tuple(rank[value] for value in row) for row in grid)


def unrank_colours(grid: Grid, reference: Grid) -> Grid:
    """Undo rank_colours(reference) on grid: rank k becomes the reference's k-th commonest colour."""
    order = _rank_order(reference)
    return tuple(tuple(order[value] for value in row) for row in grid)


def least_common_colour(element: Element) -> Colour:
    """The present colour covering the fewest cells (ties: the smaller colour)."""
    counts = _counts(element)
    return min((c for c in range(10) if counts[c]), key=counts.__getitem__)


def colour_count(element: Element, colour: Colour) -> int:
    """The number of cells of the given colour in a grid or object."""
    if isinstance(element, tuple):
        return sum(row.count(colour) for row in element)
    return sum(1 for value, _ in element if value == colour)


def colour_of(obj: Object) -> Colour:
    """The colour of a single-coloured object (its most common colour if it has several)."""
    first_colour = next(iter(obj))[0]
    if all(value == first_colour for value, _ in obj):
        return first_colour
    return most_common_colour(obj)


def indices_of_colour(grid: Grid, colour: Colour) -> Indices:
    """The points of every cell with the given colour."""
    return frozenset((r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if value == colour)


def colour_filter(objects: Objects, colour: Colour) -> Objects:
    """The objects whose colour (colour_of) is the given colour."""
    return frozenset(obj for obj in objects if colour_of(obj) == colour)


def recolour(patch: Patch, colour: Colour) -> Object:
    """The patch as an object whose every cell has the given colour."""
    if len(patch) and type(next(iter(patch))[1]) is tuple:
        return frozenset((colour, point) for _, point in patch)
    return frozenset((colour, point) for point in patch)


def replace_colour(grid: Grid, old: Colour, new: Colour) -> Grid:
    """The grid with every cell of colour old changed to new."""
    return tuple(tuple(new if value == old else value for value in row) for row in grid)


def swap_colours(grid: Grid, a: Colour, b: Colour) -> Grid:
    """The grid with colours a and b exchanged: swap_colours(((1, 2),), 1, 2) == ((2, 1),)."""
    return tuple(tuple(b if value == a else a if value == b else value for value in row) for row in grid)
