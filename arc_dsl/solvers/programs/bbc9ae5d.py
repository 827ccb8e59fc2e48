from arc_dsl import *


def solve(I):
    # The coloured run grows by one cell per row, for half as many rows as the grid is wide.
    colour = I[0][0]
    length = colour_count(I, colour)
    rows = tuple(tuple(branch(column < length + step, colour, BLACK) for column in range(width(I))) for step in range(width(I) // 2))
    return rows
