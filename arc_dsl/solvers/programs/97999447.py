from arc_dsl import *


def solve(I):
    # Each coloured cell grows a dashed line to the right edge, alternating its colour with grey.
    O = I
    for colour, (row, column) in merge(objects(I)):
        for step, point in enumerate(sort_by(intersection(ray((row, column), RIGHT), all_indices(I)), last)):
            O = fill(O, branch(is_even(step), colour, GREY), {point})
    return O
