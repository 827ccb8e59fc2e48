from arc_dsl import *


def solve(I):
    # Each coloured cell drips its colour down to the bottom edge.
    O = I
    for colour, point in as_object(I):
        if colour != BLACK:
            O = underfill(O, colour, ray(point, DOWN))
    return O
