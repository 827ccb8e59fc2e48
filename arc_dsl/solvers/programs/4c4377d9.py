from arc_dsl import *


def solve(I):
    # The input flipped upside down is stacked above the input.
    return concat_vertical(mirror_horizontal(I), I)
