from arc_dsl import *


def solve(I):
    # A green plus is drawn midway between the two blue cells.
    a, b = to_tuple(indices_of_colour(I, BLUE))
    middle = divide(add(a, b), 2)
    plus = insert(middle, direct_neighbours(middle))
    return fill(I, GREEN, plus)
