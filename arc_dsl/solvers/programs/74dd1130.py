from arc_dsl import *


def solve(I):
    # The output is the input transposed (rows become columns).
    return mirror_diagonal(I)
