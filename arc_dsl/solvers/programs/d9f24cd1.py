from arc_dsl import *


def solve(I):
    # Red lines rise from the bottom; a grey cell in the way makes a line step one column right.
    O = I
    for start in indices_of_colour(I, RED):
        point = start
        while colour_at(I, point) is not None:
            O = fill(O, RED, singleton(point))
            if colour_at(I, add(point, UP)) == GREY:
                point = add(point, RIGHT)
                O = fill(O, RED, singleton(point))
            point = add(point, UP)
    return O
