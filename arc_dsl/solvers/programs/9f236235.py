from arc_dsl import *


def solve(I):
    # Each block between the divider lines becomes one cell, and the small picture is mirrored left-right.
    dividers = keep_if(uniform_lines(I), lambda line: width(line) == width(I))
    step = min_value(dividers, uppermost) + 1
    blocks = tuple(tuple(I[row][column] for column in range(0, width(I), step)) for row in range(0, height(I), step))
    return mirror_vertical(blocks)
