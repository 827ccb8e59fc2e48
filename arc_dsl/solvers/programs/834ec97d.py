from arc_dsl import *


def solve(I):
    # The dot drops one row; yellow stripes fill every other column above where it was, in step with it.
    dot = first(objects(I))
    row, column = upper_left_corner(dot)
    stripes = frozenset((r, c) for r in range(row + 1) for c in range(column % 2, width(I), 2))
    return fill(move(I, dot, DOWN), YELLOW, stripes)
