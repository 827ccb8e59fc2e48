from arc_dsl import *


def solve(I):
    # Repeated neighbouring rows and columns collapse into one.
    def collapse(grid):
        return tuple(row for index, row in enumerate(grid) if index == 0 or row != grid[index - 1])
    rows_collapsed = collapse(I)
    return mirror_diagonal(collapse(mirror_diagonal(rows_collapsed)))
