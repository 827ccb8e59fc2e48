from arc_dsl import *


def solve(I):
    # Dashed blue lines of the rectangle (rows/columns at least half blue) get their gaps filled red.
    blue = indices_of_colour(I, BLUE)
    top, left = upper_left_corner(blue)
    bottom, right = lower_right_corner(blue)
    box_rows = [[(r, c) for c in range(left, right + 1)] for r in range(top, bottom + 1)]
    box_columns = [[(r, c) for r in range(top, bottom + 1)] for c in range(left, right + 1)]
    lines = [line for line in box_rows + box_columns if 2 * len(blue & set(line)) >= len(line)]
    gaps = frozenset(point for line in lines for point in line) - blue
    return fill(I, RED, gaps)
