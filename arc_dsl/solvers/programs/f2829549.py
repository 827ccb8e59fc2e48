from arc_dsl import *


def solve(I):
    # Cells black on both sides of the blue line become green.
    left, right = split_left_right(I, 2)
    both_black = intersection(indices_of_colour(left, BLACK), indices_of_colour(right, BLACK))
    return fill(canvas(BLACK, shape(left)), GREEN, both_black)
