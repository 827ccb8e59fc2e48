from arc_dsl import *


def solve(I):
    # Every coloured shape moves up or down to line up with the top of the blue block.
    blocks = foreground_partition(I)
    target_row = uppermost(first(colour_filter(blocks, BLUE)))
    O = canvas(BLACK, shape(I))
    for block in blocks:
        O = paint(O, shift(block, vertical_vector(target_row - uppermost(block))))
    return O
