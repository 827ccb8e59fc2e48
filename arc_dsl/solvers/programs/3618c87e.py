from arc_dsl import *


def solve(I):
    # Each blue dot drops through the grey post into the bottom row.
    bottom_row = height(I) - 1
    O = I
    for r, c in indices_of_colour(I, BLUE):
        O = fill(fill(O, BLACK, frozenset({(r, c)})), BLUE, frozenset({(bottom_row, c)}))
    return O
