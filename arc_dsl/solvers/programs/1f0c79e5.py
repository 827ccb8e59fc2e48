from arc_dsl import *


def solve(I):
    # The 2x2 block travels diagonally to the grid edge toward each of its red corners, leaving a trail in its colour.
    block = first(objects(I, univalued=False))
    colour = other(palette(block), RED)
    solid = recolour(block, colour)
    top, left = upper_left_corner(block)
    O = I
    for cell_colour, (r, c) in block:
        if cell_colour == RED:
            direction = make_point(2 * (r - top) - 1, 2 * (c - left) - 1)
            for steps in range(max(shape(I))):
                O = paint(O, shift(solid, multiply(direction, steps)))
    return O
