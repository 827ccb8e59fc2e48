from arc_dsl import *


def solve(I):
    # The whole grid is filled with its most common colour.
    return canvas(most_common_colour(I), shape(I))
