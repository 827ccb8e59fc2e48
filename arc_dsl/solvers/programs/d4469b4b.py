from arc_dsl import *


def solve(I):
    # The colour picks a grey 3x3 symbol: red a T, blue a plus, green an L in the lower right.
    top_row, middle_row, bottom_row = (line_between((r, 0), (r, 2)) for r in range(3))
    middle_column, right_column = (line_between((0, c), (2, c)) for c in (1, 2))
    symbol_for = {
        RED: combine(top_row, middle_column),
        BLUE: combine(middle_row, middle_column),
        GREEN: combine(bottom_row, right_column),
    }
    colour = other(palette(I), BLACK)
    return fill(canvas(BLACK, (3, 3)), GREY, symbol_for[colour])
