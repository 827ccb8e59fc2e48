from arc_dsl import *


def solve(I):
    # The right side is folded over the grey line onto the left side.
    left, right = split_left_right(I, 2)
    folded = mirror_vertical(right)
    return paint(left, cells_except(folded, BLACK))
