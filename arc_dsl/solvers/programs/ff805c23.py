from arc_dsl import *


def solve(I):
    # The blue patch hides part of a symmetric picture; the hidden part is restored from its mirror images.
    hidden = indices_of_colour(I, BLUE)
    return subgrid(repair_symmetry(I, BLUE), hidden)
