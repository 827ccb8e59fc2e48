from arc_dsl import *


def solve(I):
    # The grid is copied once per coloured cell, left to right and row by row, on a square canvas as many tiles wide as there are black cells.
    copies = height(I) * width(I) - colour_count(I, BLACK)
    tiles_across = colour_count(I, BLACK)
    O = canvas(BLACK, multiply(shape(I), tiles_across))
    for index in range(copies):
        corner = multiply(make_point(index // tiles_across, index % tiles_across), shape(I))
        O = paint(O, shift(as_object(I), corner))
    return O
