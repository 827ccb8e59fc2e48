from arc_dsl import *


def solve(I):
    # The output is the input turned half a turn.
    return rotate_180(I)
