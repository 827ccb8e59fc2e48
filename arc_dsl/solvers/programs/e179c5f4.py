from arc_dsl import *


def solve(I):
    # A blue ball climbs diagonally from the lower-left corner, bouncing off the side walls; the rest is azure.
    h, w = shape(I)
    bounce = 2 * (w - 1)
    path = []
    for step in range(h):
        column = step % bounce
        path.append(make_point(h - 1 - step, min(column, bounce - column)))
    return fill(canvas(AZURE, shape(I)), BLUE, frozenset(path))
