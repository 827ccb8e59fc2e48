from arc_dsl import *


def solve(I):
    # The red cell is replaced by four diagonal neighbours: green, magenta, azure, orange.
    red = indices_of_colour(I, RED)
    O = canvas(BLACK, shape(I))
    O = fill(O, GREEN, shift(red, UP_LEFT))
    O = fill(O, MAGENTA, shift(red, UP_RIGHT))
    O = fill(O, AZURE, shift(red, DOWN_LEFT))
    return fill(O, ORANGE, shift(red, DOWN_RIGHT))
