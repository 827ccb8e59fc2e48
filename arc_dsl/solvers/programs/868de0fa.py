from arc_dsl import *


def solve(I):
    # The inside of each blue square is filled red when its side is even and orange when it is odd.
    squares = colour_filter(objects(I, without_background=False), BLUE)
    O = I
    for square in squares:
        inside = bounding_box_delta(square)
        O = fill(O, branch(is_even(width(inside)), RED, ORANGE), inside)
    return O
