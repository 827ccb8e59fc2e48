from arc_dsl import *


def solve(I):
    # The halves above and below the divider overlap; cells empty in both become green.
    top, bottom = split_top_bottom(I, 2)
    both_empty = intersection(indices_of_colour(top, BLACK), indices_of_colour(bottom, BLACK))
    return fill(canvas(BLACK, shape(top)), GREEN, both_empty)
