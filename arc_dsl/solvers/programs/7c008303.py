from arc_dsl import *


def solve(I):
    # The green pattern is coloured quarter by quarter with the 2x2 colour key.
    rooms = compartments(I, AZURE)
    pattern = subgrid(I, argmax(rooms, size))
    key = subgrid(I, argmin(rooms, size))
    half_height, half_width = halve(shape(pattern))
    return tuple(tuple(key[r // half_height][c // half_width] if value == GREEN else BLACK for c, value in enumerate(row))
                 for r, row in enumerate(pattern))
