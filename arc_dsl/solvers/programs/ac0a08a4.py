from arc_dsl import *


def solve(I):
    # The grid is blown up by a factor equal to its number of coloured cells.
    coloured = height(I) * width(I) - colour_count(I, BLACK)
    return upscale(I, coloured)
