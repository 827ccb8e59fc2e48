from arc_dsl import *


def solve(I):
    # The three panels are overlaid: the left one on top, then the middle, then the right.
    left, middle, right = split_left_right(I, 3)
    O = right
    for panel in (middle, left):
        O = paint(O, cells_except(panel, BLACK))
    return O
