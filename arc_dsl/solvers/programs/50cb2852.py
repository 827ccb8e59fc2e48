from arc_dsl import *


def solve(I):
    # The inside of every rectangle becomes azure.
    insides = apply_and_merge(fork(difference, bounding_box_indices, box_outline), objects(I))
    return fill(I, AZURE, insides)
