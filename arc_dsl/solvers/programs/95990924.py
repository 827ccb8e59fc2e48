from arc_dsl import *


def solve(I):
    # Each grey square gets diagonal corner dots: blue upper-left, red upper-right, green lower-left, yellow lower-right.
    O = I
    for square in colour_filter(objects(I), GREY):
        ring = outer_box_outline(square)
        O = fill(O, BLUE, {upper_left_corner(ring)})
        O = fill(O, RED, {upper_right_corner(ring)})
        O = fill(O, GREEN, {lower_left_corner(ring)})
        O = fill(O, YELLOW, {lower_right_corner(ring)})
    return O
