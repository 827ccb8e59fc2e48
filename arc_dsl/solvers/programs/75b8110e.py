from arc_dsl import *


def solve(I):
    # The four quarters are stacked: grey over magenta over maroon over yellow.
    top_left, top_right = split_left_right(top_half(I), 2)
    bottom_left, bottom_right = split_left_right(bottom_half(I), 2)
    grid = top_left
    for layer in (bottom_right, bottom_left, top_right):
        coloured = difference(all_indices(layer), indices_of_colour(layer, BLACK))
        grid = paint(grid, to_object(layer, coloured))
    return grid
