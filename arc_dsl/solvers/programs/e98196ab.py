from arc_dsl import *


def solve(I):
    # The halves above and below the grey line are laid over each other.
    top, bottom = split_top_bottom(I, 2)
    return paint(top, cells_except(bottom, BLACK))
