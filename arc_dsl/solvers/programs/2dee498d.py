from arc_dsl import *


def solve(I):
    # The input is three copies of a tile side by side; the output is one tile.
    return first(split_left_right(I, 3))
