from arc_dsl import *


def solve(I):
    # The empty cells of the shape's bounding box become red.
    gaps = apply_and_merge(bounding_box_delta, objects(I, diagonal=True))
    return fill(I, RED, gaps)
