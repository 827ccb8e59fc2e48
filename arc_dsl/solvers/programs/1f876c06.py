from arc_dsl import *


def solve(I):
    # Each pair of same-coloured dots is joined by a diagonal line of that colour.
    O = I
    for pair in foreground_partition(I):
        start, end = sort_by(to_indices(pair), identity)
        O = fill(O, colour_of(pair), line_between(start, end))
    return O
