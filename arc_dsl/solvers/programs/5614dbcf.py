from arc_dsl import *


def solve(I):
    # Grey noise is removed and each 3x3 block shrinks to one cell.
    clean = replace_colour(I, GREY, BLACK)
    return downscale(clean, 3)
