from arc_dsl import *


def solve(I):
    # Count the blue cells and mark that many red cells along the top row, then the middle.
    count = colour_count(I, BLUE)
    slots = (ORIGIN, RIGHT, double(RIGHT), DOWN_RIGHT)
    return fill(canvas(BLACK, shape(I)), RED, frozenset(slots[:count]))
