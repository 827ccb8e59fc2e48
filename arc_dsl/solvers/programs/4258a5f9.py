from arc_dsl import *


def solve(I):
    # Every grey cell gets a blue ring around it.
    rings = apply_and_merge(neighbours, indices_of_colour(I, GREY))
    return underfill(I, BLUE, rings)
