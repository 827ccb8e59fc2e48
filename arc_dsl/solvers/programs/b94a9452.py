from arc_dsl import *


def solve(I):
    # Cut out the square and swap its two colours.
    square = subgrid(I, merge(objects(I, univalued=False)))
    outer, inner = most_common_colour(square), least_common_colour(square)
    return swap_colours(square, outer, inner)
