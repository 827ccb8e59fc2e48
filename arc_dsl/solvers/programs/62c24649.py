from arc_dsl import *


def solve(I):
    # The grid is mirrored into a 2x2 arrangement: itself, its left-right and up-down reflections.
    top = concat_horizontal(I, mirror_vertical(I))
    return concat_vertical(top, mirror_horizontal(top))
