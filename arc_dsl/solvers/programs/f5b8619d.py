from arc_dsl import *


def solve(I):
    # Columns holding a coloured cell are filled with azure, then the grid is tiled two by two.
    marked = difference(all_indices(I), indices_of_colour(I, BLACK))
    columns = apply_and_merge(vertical_line_through, marked)
    return tile(underfill(I, AZURE, columns), 2, 2)
