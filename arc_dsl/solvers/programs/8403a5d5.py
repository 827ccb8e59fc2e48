from arc_dsl import *


def solve(I):
    # From the dot's column rightward, every other column is a line; grey caps alternate top and bottom between them.
    dot = first(objects(I))
    colour = colour_of(dot)
    column = leftmost(dot)
    lines = merge([vertical_line_through((0, c)) for c in range(column, width(I), 2)])
    caps = frozenset((0 if index % 2 == 0 else height(I) - 1, c) for index, c in enumerate(range(column + 1, width(I), 2)))
    return fill(fill(I, colour, lines), GREY, caps)
