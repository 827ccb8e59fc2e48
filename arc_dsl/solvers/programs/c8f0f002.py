from arc_dsl import *


def solve(I):
    # Orange cells become grey.
    return replace_colour(I, ORANGE, GREY)
