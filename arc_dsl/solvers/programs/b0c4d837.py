from arc_dsl import *


def solve(I):
    # Count the empty rows above the azure liquid in the grey cup, and draw that many azure cells in a 3x3 grid, snaking row by row.
    empty_rows = uppermost(indices_of_colour(I, AZURE)) - uppermost(indices_of_colour(I, GREY))
    cells = tuple(branch(index < empty_rows, AZURE, BLACK) for index in range(9))
    rows = tuple(cells[start:start + 3] for start in range(0, 9, 3))
    return tuple(branch(is_even(index), row, row[::-1]) for index, row in enumerate(rows))
