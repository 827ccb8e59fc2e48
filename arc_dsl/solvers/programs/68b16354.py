from arc_dsl import *


def solve(I):
    # The output is the input flipped upside down.
    return mirror_horizontal(I)
