from arc_dsl import *


def solve(I):
    # Both diagonals are drawn through the single dot, to the edges of the grid.
    dot = first(merge(objects(I)))
    colour, point = dot
    diagonals = merge([ray(point, direction) for direction in (UP_LEFT, UP_RIGHT, DOWN_LEFT, DOWN_RIGHT)])
    return fill(I, colour, diagonals)
