from arc_dsl import *


def solve(I):
    # Every solid rectangle is hollowed out, keeping only its outline.
    insides = apply_and_merge(fork(difference, bounding_box_indices, box_outline), objects(I))
    return fill(I, BLACK, insides)
