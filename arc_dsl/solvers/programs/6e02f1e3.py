from arc_dsl import *


def solve(I):
    # One colour: a grey top row; two colours: the grey diagonal; three: the grey anti-diagonal.
    h, w = shape(I)
    top_row = line_between(ORIGIN, (0, w - 1))
    diagonal = line_between(ORIGIN, (h - 1, w - 1))
    anti_diagonal = line_between((0, w - 1), (h - 1, 0))
    line = (top_row, diagonal, anti_diagonal)[number_of_colours(I) - 1]
    return fill(canvas(BLACK, shape(I)), GREY, line)
