from arc_dsl import *


def solve(I):
    # On a grid twice as large, each coloured cell slides down-right to the edge leaving a trail.
    O = canvas(BLACK, double(shape(I)))
    for colour, point in as_object(I):
        if colour != BLACK:
            O = fill(O, colour, ray(point, DOWN_RIGHT))
    return O
