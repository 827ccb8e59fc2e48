from arc_dsl import *


def solve(I):
    # Two green blocks on a diagonal get azure twins on the other diagonal, turned a quarter and three times as far out.
    O = I
    for figure in objects(I, diagonal=True):
        centre2 = add(upper_left_corner(figure), lower_right_corner(figure))
        for block in [block for block in objects(I) if block <= figure]:
            offset_row, offset_column = subtract(add(upper_left_corner(block), lower_right_corner(block)), centre2)
            twin_centre2 = add(centre2, multiply(make_point(offset_column, -offset_row), 3))
            corner = halve(subtract(twin_centre2, decrement(shape(block))))
            O = fill(O, AZURE, shift(normalise(to_indices(block)), corner))
    return O
