from arc_dsl import *


def solve(I):
    # Each coloured cell draws a line to the right edge, then down the edge until the row above the next coloured cell.
    cells = sort_by(merge(objects(I)), lambda cell: cell[1])
    last_column = width(I) - 1
    O = I
    for index, (colour, (row, column)) in enumerate(cells):
        stop_row = cells[index + 1][1][0] - 1 if index + 1 < size(cells) else height(I) - 1
        O = fill(O, colour, line_between((row, column), (row, last_column)))
        O = fill(O, colour, line_between((row, last_column), (stop_row, last_column)))
    return O
