from arc_dsl import *


def solve(I):
    # The blue cell in the bottom-left corner bounces diagonally up between the side walls.
    last_column = width(I) - 1
    O = canvas(BLACK, shape(I))
    for step in range(height(I)):
        phase = step % (2 * last_column)
        column = min(phase, 2 * last_column - phase)
        O = fill(O, BLUE, {(height(I) - 1 - step, column)})
    return O
