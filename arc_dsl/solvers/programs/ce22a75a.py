from arc_dsl import *


def solve(I):
    # Each grey dot grows into a blue 3x3 square centred on it.
    dots = indices_of_colour(I, GREY)
    squares = combine(dots, apply_and_merge(neighbours, dots))
    return fill(canvas(BLACK, shape(I)), BLUE, squares)
