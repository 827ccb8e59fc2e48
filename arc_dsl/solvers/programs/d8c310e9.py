from arc_dsl import *


def solve(I):
    # The pattern at the left is continued periodically to the right edge.
    drawn = difference(all_indices(I), indices_of_colour(I, BLACK))
    pattern = crop(I, ORIGIN, make_point(height(I), rightmost(drawn) + 1))
    period = horizontal_period(as_object(pattern))
    unit = crop(I, ORIGIN, make_point(height(I), period))
    return crop(tile(unit, 1, width(I) // period + 1), ORIGIN, shape(I))
