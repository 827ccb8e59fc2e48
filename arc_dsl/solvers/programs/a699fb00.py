from arc_dsl import *


def solve(I):
    # Between two blue cells one column apart in a row, the gap becomes red.
    blues = indices_of_colour(I, BLUE)
    gaps = frozenset(add(p, RIGHT) for p in blues if add(p, (0, 2)) in blues)
    return fill(I, RED, gaps)
