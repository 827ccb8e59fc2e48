from arc_dsl import *


def solve(I):
    # Beside the wall, a red diagonal runs from the top-right corner down to the wall, above a yellow floor.
    h, w = shape(I)
    O = fill(I, YELLOW, line_between(make_point(h - 1, 1), make_point(h - 1, w - 1)))
    return fill(O, RED, line_between(make_point(0, w - 1), make_point(h - 2, 1)))
