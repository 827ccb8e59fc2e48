from arc_dsl import *


def solve(I):
    # Each dot level with the big rectangle draws a line of its colour straight to the rectangle.
    rectangle = argmax(objects(I), size)
    O = I
    for dot in remove(rectangle, objects(I)):
        if shares_row(dot, rectangle) or shares_column(dot, rectangle):
            start = first(to_indices(dot))
            O = fill(O, colour_of(dot), line_between(start, add(start, gravitate_offset(dot, rectangle))))
    return O
