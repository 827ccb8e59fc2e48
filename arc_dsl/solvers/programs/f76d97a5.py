from arc_dsl import *


def solve(I):
    # Grey takes the other colour's place and the other colour becomes black.
    other_colour = other(palette(I), GREY)
    O = replace_colour(I, other_colour, BLACK)
    return replace_colour(O, GREY, other_colour)
