from arc_dsl import *


def solve(I):
    # The blue figure has four-fold turning symmetry; its missing left quarter is drawn in red.
    figure = indices_of_colour(I, BLUE)
    side = height(figure)
    corner = make_point(uppermost(figure), rightmost(figure) - side + 1)
    square = crop(I, corner, make_point(side, side))
    turned = rotate_90(square)
    missing = difference(indices_of_colour(turned, BLUE), indices_of_colour(square, BLUE))
    return fill(I, RED, shift(missing, corner))
