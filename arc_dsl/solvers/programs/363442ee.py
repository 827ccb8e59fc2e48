from arc_dsl import *


def solve(I):
    # The 3x3 pattern beside the grey wall is stamped centred on every blue dot, which disappears.
    pattern = as_object(crop(I, ORIGIN, make_point(3, 3)))
    O = I
    for dot in indices_of_colour(I, BLUE):
        O = paint(O, shift(pattern, subtract(dot, UNITY)))
    return O
