from arc_dsl import *


def solve(I):
    # The empty cells of each shape's bounding box become orange.
    gaps = apply_and_merge(bounding_box_delta, objects(I, diagonal=True))
    return fill(I, ORANGE, gaps)
