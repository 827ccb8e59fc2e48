from arc_dsl import *


def solve(I):
    # Black holes are coloured by size: one cell green, two red, three blue.
    colour_by_size = {1: GREEN, 2: RED, 3: BLUE}
    O = I
    for hole in colour_filter(objects(I, without_background=False), BLACK):
        O = fill(O, colour_by_size[size(hole)], hole)
    return O
