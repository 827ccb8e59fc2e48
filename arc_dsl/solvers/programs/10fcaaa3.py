from arc_dsl import *


def solve(I):
    # The grid is tiled two by two and every coloured cell gets azure cells at its four corners.
    tiled = tile(I, 2, 2)
    dots = difference(all_indices(tiled), indices_of_colour(tiled, BLACK))
    corners = apply_and_merge(diagonal_neighbours, dots)
    return underfill(tiled, AZURE, corners)
