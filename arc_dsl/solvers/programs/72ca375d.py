from arc_dsl import *


def solve(I):
    # Output the one shape that is left-right symmetric.
    shapes = objects(I)
    symmetric = first_match(shapes, lambda obj: mirror_vertical(obj) == obj)
    return subgrid(I, symmetric)
