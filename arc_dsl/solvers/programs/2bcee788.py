from arc_dsl import *


def solve(I):
    # The red cells mark a mirror: the shape is reflected across that side, and the background turns green.
    figure = first_match(objects(I), lambda piece: colour_of(piece) != RED)
    red = indices_of_colour(I, RED)
    side = first_match((UP, DOWN, LEFT, RIGHT), lambda step: shift(red, negate(step)) <= to_indices(figure))
    flipped = mirror_horizontal(figure) if side[1] == 0 else mirror_vertical(figure)
    reflection = shift(flipped, multiply(side, shape(figure)))
    return paint(paint(canvas(GREEN, shape(I)), figure), reflection)
