from arc_dsl import *


def solve(I):
    # The input is mirrored into a 2x2 tiling: mirrored left-right, then the pair flipped down.
    top = concat_horizontal(I, mirror_vertical(I))
    return concat_vertical(top, mirror_horizontal(top))
