from arc_dsl import *


def solve(I):
    # Every cell is scaled up by the number of foreground colours.
    foreground_colours = decrement(number_of_colours(I))
    return upscale(I, foreground_colours)
