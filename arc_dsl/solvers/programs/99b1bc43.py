from arc_dsl import *


def solve(I):
    # The halves above and below the divider overlap; cells filled in exactly one become green.
    top, bottom = split_top_bottom(I, 2)
    filled_top = difference(all_indices(top), indices_of_colour(top, BLACK))
    filled_bottom = difference(all_indices(bottom), indices_of_colour(bottom, BLACK))
    exactly_one = (filled_top | filled_bottom) - (filled_top & filled_bottom)
    return fill(canvas(BLACK, shape(top)), GREEN, exactly_one)
