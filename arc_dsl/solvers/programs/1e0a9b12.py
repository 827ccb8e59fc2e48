from arc_dsl import *


def solve(I):
    # Every coloured cell falls to the bottom of its column, keeping its order.
    columns = mirror_diagonal(I)
    fallen = tuple(sort_by(column, lambda value: value != BLACK) for column in columns)
    return mirror_diagonal(fallen)
