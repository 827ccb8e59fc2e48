from arc_dsl import *


def solve(I):
    # The colours of the largest shapes, left to right, each make a column as tall as those shapes are big.
    shapes = objects(I)
    biggest = max_value(shapes, size)
    winners = sort_by(size_filter(shapes, biggest), leftmost)
    row = tuple(colour_of(winner) for winner in winners)
    return tuple(row for _ in range(biggest))
