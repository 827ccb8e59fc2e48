from arc_dsl import *


def solve(I):
    # The input and its rotations tile a 2x2 square, turning clockwise.
    top = concat_horizontal(I, rotate_90(I))
    bottom = concat_horizontal(rotate_270(I), rotate_180(I))
    return concat_vertical(top, bottom)
