from arc_dsl import *


def solve(I):
    # The bars settle to the bottom right, sorted so the longest is lowest.
    bars = [bar for bar in objects(I, without_background=False) if colour_of(bar) != BLACK]
    longest_first = sort_by(bars, size)[::-1]
    height_, width_ = shape(I)
    O = canvas(BLACK, shape(I))
    for rank, bar in enumerate(longest_first):
        target = make_point(height_ - 1 - rank, width_ - 1)
        O = paint(O, shift(bar, subtract(target, lower_right_corner(bar))))
    return O
