from arc_dsl import *


def solve(I):
    # Each slanted shape straightens: every cell above its bottom row moves one step right, stopping at its right edge.
    O = I
    for shape_ in objects(I, diagonal=True):
        bottom, right_edge = lowermost(shape_), rightmost(shape_)
        movers = keep_if(shape_, lambda cell: cell[1][0] < bottom and cell[1][1] < right_edge)
        O = paint(erase(O, movers), shift(movers, RIGHT))
    return O
