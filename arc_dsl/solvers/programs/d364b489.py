from arc_dsl import *


def solve(I):
    # Each blue cell gets red above, orange left, magenta right and azure below.
    blues = indices_of_colour(I, BLUE)
    O = fill(I, RED, shift(blues, UP))
    O = fill(O, ORANGE, shift(blues, LEFT))
    O = fill(O, MAGENTA, shift(blues, RIGHT))
    return fill(O, AZURE, shift(blues, DOWN))
