from arc_dsl import *


def solve(I):
    # The coloured pattern is copied over every grey block of its size.
    pattern = first(objects(I, univalued=False) - colour_filter(objects(I, univalued=False), GREY))
    O = I
    for block in colour_filter(objects(I), GREY):
        O = paint(O, shift(normalise(pattern), upper_left_corner(block)))
    return O
