from arc_dsl import *


def solve(I):
    # Each dot on the top row zigzags down: odd rows get the two cells beside its column, even rows the column itself.
    O = I
    for dot in objects(I):
        _, column = upper_left_corner(dot)
        for row in range(height(I)):
            columns = (column - 1, column + 1) if row % 2 else (column,)
            O = fill(O, colour_of(dot), frozenset((row, c) for c in columns))
    return O
