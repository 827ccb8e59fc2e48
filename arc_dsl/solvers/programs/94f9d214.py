from arc_dsl import *


def solve(I):
    # The top and bottom halves overlap; cells empty in both become red.
    top, bottom = split_top_bottom(I, 2)
    both_empty = intersection(indices_of_colour(top, BLACK), indices_of_colour(bottom, BLACK))
    return fill(canvas(BLACK, shape(top)), RED, both_empty)
