from arc_dsl import *


def solve(I):
    # Each slanted shape straightens: every cell above its bottom row moves one step right, stopping at its right edge.
    O = I
    for figure in objects(I, diagonal=True):
        bottom, right_edge = lowermost(figure), rightmost(figure)
        movers = frozenset(cell for cell in figure if cell[1][0] < bottom and cell[1][1] < right_edge)
        O = paint(erase(O, movers), shift(movers, RIGHT))
    return O
