from arc_dsl import *


def solve(I):
    # The left and right halves overlap; cells filled in either become magenta.
    left, right = split_left_right(I, 2)
    both_empty = intersection(indices_of_colour(left, BLACK), indices_of_colour(right, BLACK))
    return fill(canvas(MAGENTA, shape(left)), BLACK, both_empty)
