from arc_dsl import *


def solve(I):
    # The red box slides two steps along the green dotted line (right, or down for a vertical line).
    box = first(colour_filter(objects(I), RED))
    dots = indices_of_colour(I, GREEN)
    direction = branch(width(dots) > height(dots), RIGHT, DOWN)
    return move(I, box, multiply(direction, 2))
