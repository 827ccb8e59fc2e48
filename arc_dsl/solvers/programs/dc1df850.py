from arc_dsl import *


def solve(I):
    # Every red cell gets a blue ring around it.
    reds = indices_of_colour(I, RED)
    return underfill(I, BLUE, apply_and_merge(neighbours, reds))
