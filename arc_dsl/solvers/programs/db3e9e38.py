from arc_dsl import *


def solve(I):
    # Columns beside the orange line shorten by one cell per step away and alternate azure and orange.
    line = first(objects(I))
    O = I
    for column in range(width(I)):
        distance = abs(column - leftmost(line))
        length = height(line) - distance
        if length > 0:
            colour = ORANGE if is_even(distance) else AZURE
            O = fill(O, colour, line_between(make_point(0, column), make_point(length - 1, column)))
    return O
