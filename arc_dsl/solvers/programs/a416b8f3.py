from arc_dsl import *


def solve(I):
    # The input is repeated twice side by side.
    return concat_horizontal(I, I)
