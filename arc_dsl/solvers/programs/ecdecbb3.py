from arc_dsl import *


def solve(I):
    # Each red dot shoots red lines to the azure walls beside it; where a line hits, the wall wraps it in an azure ring.
    O = I
    for dot in indices_of_colour(I, RED):
        for direction in (UP, DOWN, LEFT, RIGHT):
            point = add(dot, direction)
            while colour_at(I, point) not in (AZURE, None):
                point = add(point, direction)
            if colour_at(I, point) == AZURE:
                O = fill(O, RED, line_between(dot, point))
                O = fill(O, AZURE, neighbours(point))
                O = fill(O, RED, singleton(point))
    return O
