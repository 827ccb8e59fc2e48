from arc_dsl import *


def solve(I):
    # Matching dots are joined by lines of their colour; vertical lines cross over horizontal ones.
    pairs = foreground_partition(I)
    horizontal = keep_if(pairs, lambda pair: uppermost(pair) == lowermost(pair))
    O = I
    for pair in sort_by(pairs, lambda pair: pair not in horizontal):
        O = fill(O, colour_of(pair), line_between(upper_left_corner(pair), lower_right_corner(pair)))
    return O
