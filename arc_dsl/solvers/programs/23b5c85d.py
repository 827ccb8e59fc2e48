from arc_dsl import *


def solve(I):
    # The output is the smallest rectangle.
    smallest = argmin(objects(I), size)
    return subgrid(I, smallest)
