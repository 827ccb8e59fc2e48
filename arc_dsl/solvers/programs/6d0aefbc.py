from arc_dsl import *


def solve(I):
    # The input is followed on the right by its mirror image.
    return concat_horizontal(I, mirror_vertical(I))
