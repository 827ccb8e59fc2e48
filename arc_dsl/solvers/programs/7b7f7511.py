from arc_dsl import *


def solve(I):
    # The input is a tile repeated twice along its long side; the output is one tile.
    return branch(is_portrait(I), top_half(I), left_half(I))
