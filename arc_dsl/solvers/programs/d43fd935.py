from arc_dsl import *


def solve(I):
    # Dots level with the green square shoot a line of their colour until they touch it.
    block = first(colour_filter(objects(I), GREEN))
    O = I
    for dot in remove(block, objects(I)):
        if shares_row(dot, block) or shares_column(dot, block):
            start = first(to_indices(dot))
            end = first(to_indices(shift(dot, gravitate_offset(dot, block))))
            O = fill(O, colour_of(dot), line_between(start, end))
    return O
