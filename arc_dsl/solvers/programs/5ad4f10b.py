from arc_dsl import *


def solve(I):
    # The big blocky shape, shrunk to 3x3, is drawn in the colour of the scattered noise.
    shape_colour = colour_of(argmax(objects(I), size))
    noise_colour = first(remove(shape_colour, remove(BLACK, palette(I))))
    shape_cells = indices_of_colour(I, shape_colour)
    small = downscale(subgrid(I, shape_cells), width(shape_cells) // 3)
    return tuple(tuple(noise_colour if value == shape_colour else BLACK for value in row) for row in small)
