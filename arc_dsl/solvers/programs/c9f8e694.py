from arc_dsl import *


def solve(I):
    # Each grey cell takes the colour at the left end of its row.
    greys = indices_of_colour(I, GREY)
    recoloured = frozenset((colour_at(I, make_point(row, 0)), (row, column)) for row, column in greys)
    return paint(I, recoloured)
