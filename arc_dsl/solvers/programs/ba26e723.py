from arc_dsl import *


def solve(I):
    # Yellow cells in every third column, starting with the first, turn magenta.
    every_third = frozenset(point for point in indices_of_colour(I, YELLOW) if point[1] % 3 == 0)
    return fill(I, MAGENTA, every_third)
