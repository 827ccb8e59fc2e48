from arc_dsl import *


def solve(I):
    # The bottom half is mirrored into the top half.
    bottom = bottom_half(I)
    return concat_vertical(mirror_horizontal(bottom), bottom)
