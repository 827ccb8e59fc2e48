from arc_dsl import *


def solve(I):
    # The halves either side of the divider overlap; cells empty in both become azure.
    left, right = split_left_right(I, 2)
    both_empty = intersection(indices_of_colour(left, BLACK), indices_of_colour(right, BLACK))
    return fill(canvas(BLACK, shape(left)), AZURE, both_empty)
