from arc_dsl import *


def solve(I):
    # Red cells with no red neighbour turn blue.
    red_shapes = colour_filter(objects(I, without_background=False), RED)
    return fill(I, BLUE, merge(size_filter(red_shapes, 1)))
