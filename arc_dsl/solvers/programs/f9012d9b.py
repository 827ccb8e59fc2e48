from arc_dsl import *


def solve(I):
    # The black hole in the repeating pattern is filled in and shown.
    hidden = indices_of_colour(I, BLACK)
    return subgrid(repair_pattern(I, BLACK), hidden)
