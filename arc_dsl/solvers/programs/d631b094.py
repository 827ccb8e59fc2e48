from arc_dsl import *


def solve(I):
    # The foreground cells are counted and laid out in one row of their colour.
    colour = other(palette(I), BLACK)
    count = colour_count(I, colour)
    return canvas(colour, (1, count))
