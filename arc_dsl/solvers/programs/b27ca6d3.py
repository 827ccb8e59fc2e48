from arc_dsl import *


def solve(I):
    # Every pair of red cells gets a green frame around it.
    pairs = size_filter(objects(I), 2)
    frames = apply_and_merge(outer_box_outline, pairs)
    return underfill(I, GREEN, frames)
