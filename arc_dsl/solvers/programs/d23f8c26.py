from arc_dsl import *


def solve(I):
    # Only the middle column is kept.
    middle = to_object(I, vertical_line_through(make_point(0, width(I) // 2)))
    return paint(canvas(BLACK, shape(I)), middle)
