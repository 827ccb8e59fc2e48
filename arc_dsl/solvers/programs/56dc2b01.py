from arc_dsl import *


def solve(I):
    # The green shape slides up against the red line, and an azure line is drawn along its far side.
    green = first(colour_filter(objects(I), GREEN))
    red = indices_of_colour(I, RED)
    offset = gravitate_offset(green, red)
    direction = sign(offset)
    thickness = branch(direction[0] != 0, height(green), width(green))
    azure = shift(red, multiply(direction, -(thickness + 1)))
    return fill(move(I, green, offset), AZURE, azure)
