from arc_dsl import *


def solve(I):
    # The output is the input mirrored left-right.
    return mirror_vertical(I)
