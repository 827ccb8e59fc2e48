from arc_dsl import *


def solve(I):
    # The grid gets a border that repeats each edge cell outward, with black corners.
    widened = tuple((row[0],) + row + (row[-1],) for row in I)
    top = (BLACK,) + I[0] + (BLACK,)
    bottom = (BLACK,) + I[-1] + (BLACK,)
    return (top,) + widened + (bottom,)
