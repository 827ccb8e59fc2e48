from arc_dsl import *


def solve(I):
    # The coloured stripes (ignoring the grey square) become a square of stripes in the same order and orientation, one cell wide each.
    stripes = keep_if(partition(I), lambda obj: colour_of(obj) not in (BLACK, GREY))
    horizontal = all(height(stripe) == 1 for stripe in stripes)
    ordered = sort_by(stripes, branch(horizontal, uppermost, leftmost))
    square = tuple(repeat(colour_of(stripe), size(ordered)) for stripe in ordered)
    return branch(horizontal, square, mirror_diagonal(square))
