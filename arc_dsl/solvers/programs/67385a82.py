from arc_dsl import *


def solve(I):
    # Green shapes of two or more cells turn azure; single green cells stay.
    shapes = colour_filter(objects(I, without_background=False), GREEN)
    large = keep_if(shapes, lambda shape_: size(shape_) > 1)
    return fill(I, AZURE, merge(large))
