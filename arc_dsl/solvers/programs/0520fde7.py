from arc_dsl import *


def solve(I):
    # The halves either side of the divider overlap; cells blue in both become red.
    left, right = split_left_right(I, 2)
    both_blue = intersection(indices_of_colour(left, BLUE), indices_of_colour(right, BLUE))
    return fill(canvas(BLACK, shape(left)), RED, both_blue)
