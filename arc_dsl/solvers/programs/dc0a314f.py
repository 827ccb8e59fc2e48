from arc_dsl import *


def solve(I):
    # The green patch hides part of a symmetric picture; the hidden part is restored from its mirror images.
    hidden = indices_of_colour(I, GREEN)
    return subgrid(repair_symmetry(I, GREEN), hidden)
