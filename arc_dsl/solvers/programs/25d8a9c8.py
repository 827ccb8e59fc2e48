from arc_dsl import *


def solve(I):
    # Rows of a single colour become grey, all other rows black.
    uniform_rows = keep_if(uniform_lines(I), is_horizontal_line)
    return fill(canvas(BLACK, shape(I)), GREY, merge(uniform_rows))
