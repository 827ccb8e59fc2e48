from arc_dsl import *


def solve(I):
    # Grey cells an even number of columns from the right edge turn green.
    last_column = width(I) - 1
    greys = indices_of_colour(I, GREY)
    counted_from_right = keep_if(greys, lambda point: is_even(last_column - point[1]))
    return fill(I, GREEN, counted_from_right)
