from arc_dsl import *


def solve(I):
    # Each grey cell becomes a ring: blue on its four sides, grey on its four corners, and black in the middle.
    cells = indices_of_colour(I, GREY)
    O = fill(I, GREY, apply_and_merge(diagonal_neighbours, cells))
    O = fill(O, BLUE, apply_and_merge(direct_neighbours, cells))
    return fill(O, BLACK, cells)
