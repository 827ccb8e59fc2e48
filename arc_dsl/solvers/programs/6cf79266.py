from arc_dsl import *


def solve(I):
    # All-black 3x3 squares are filled blue, scanning from the top-left (a filled square blocks overlaps).
    square = bounding_box_indices({ORIGIN, (2, 2)})
    grid = I
    for corner in sorted(occurrences(I, recolour(square, BLACK))):
        window = shift(square, corner)
        if all(colour_at(grid, point) == BLACK for point in window):
            grid = fill(grid, BLUE, window)
    return grid
