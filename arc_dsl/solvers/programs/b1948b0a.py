from arc_dsl import *


def solve(I):
    # Magenta cells become red.
    return replace_colour(I, MAGENTA, RED)
