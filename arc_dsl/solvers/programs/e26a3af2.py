from arc_dsl import *


def solve(I):
    # The noise is removed: each stripe (row-wise or column-wise, whichever fits) takes its majority colour.
    def by_rows(grid):
        return tuple(repeat(most_common(row), len(row)) for row in grid)

    row_stripes = by_rows(I)
    column_stripes = mirror_diagonal(by_rows(mirror_diagonal(I)))

    def disagreement(grid):
        return colour_count(cellwise_match(grid, I, -1), -1)

    return argmin((row_stripes, column_stripes), disagreement)
