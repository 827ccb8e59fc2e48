from arc_dsl import *


def solve(I):
    # Above the red bar, green bars grow one cell longer per row; below it, blue bars shrink one cell per row.
    bar = first(objects(I))
    bar_row, bar_length = uppermost(bar), width(bar)
    O = I
    for row in range(height(I)):
        length = bar_length + bar_row - row
        if row != bar_row and length > 0:
            O = fill(O, branch(row < bar_row, GREEN, BLUE), line_between((row, 0), (row, length - 1)))
    return O
