from arc_dsl import *


def solve(I):
    # Blue cells inside the azure rectangle's box turn green.
    box = bounding_box_indices(indices_of_colour(I, AZURE))
    return fill(I, GREEN, intersection(box, indices_of_colour(I, BLUE)))
