from arc_dsl import *


def solve(I):
    # Every shape moves down by one row.
    shapes = merge(objects(I))
    return move(I, shapes, DOWN)
