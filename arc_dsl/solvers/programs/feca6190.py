from arc_dsl import *


def solve(I):
    # On a square five times the number of colours wide, each cell of the row climbs diagonally up-right.
    side = 5 * size(cells_except(I, BLACK))
    O = canvas(BLACK, make_point(side, side))
    for colour, (_, column) in cells_except(I, BLACK):
        O = fill(O, colour, ray(make_point(side - 1, column), UP_RIGHT))
    return O
