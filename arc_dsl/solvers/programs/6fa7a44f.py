from arc_dsl import *


def solve(I):
    # The input is stacked above its upside-down copy.
    return concat_vertical(I, mirror_horizontal(I))
