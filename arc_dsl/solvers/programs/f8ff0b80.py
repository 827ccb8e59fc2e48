from arc_dsl import *


def solve(I):
    # The shapes' colours are listed from the largest shape to the smallest.
    largest_first = sort_by(foreground_partition(I), size)[::-1]
    return tuple((colour_of(piece),) for piece in largest_first)
