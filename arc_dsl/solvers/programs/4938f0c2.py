from arc_dsl import *


def solve(I):
    # The red shape is mirrored across both axes of the green square, filling all four corners.
    centre_block = indices_of_colour(I, GREEN)
    row_sum = uppermost(centre_block) + lowermost(centre_block)
    column_sum = leftmost(centre_block) + rightmost(centre_block)
    shape_cells = indices_of_colour(I, RED)
    mirrored = frozenset(
        (row, column)
        for r, c in shape_cells
        for row in (r, row_sum - r)
        for column in (c, column_sum - c)
    )
    return fill(I, RED, mirrored)
