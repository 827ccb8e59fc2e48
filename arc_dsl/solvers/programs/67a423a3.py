from arc_dsl import *


def solve(I):
    # A yellow ring is drawn around the point where the two lines cross.
    crossing_row = first_match(range(height(I)), lambda r: BLACK not in I[r])
    crossing_column = first_match(range(width(I)), lambda c: all(row[c] != BLACK for row in I))
    return fill(I, YELLOW, neighbours((crossing_row, crossing_column)))
