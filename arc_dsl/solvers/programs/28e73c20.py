from arc_dsl import *


def solve(I):
    # A green spiral is drawn from the top-left corner inward, turning clockwise and leaving a one-cell gap.
    h, w = shape(I)
    turns = (RIGHT, DOWN, LEFT, UP)
    drawn = {ORIGIN}
    point, heading, stuck = ORIGIN, 0, 0
    while stuck < 2:
        ahead = add(point, turns[heading])
        beyond = add(ahead, turns[heading])
        if 0 <= ahead[0] < h and 0 <= ahead[1] < w and ahead not in drawn and beyond not in drawn:
            point, stuck = ahead, 0
            drawn.add(point)
        else:
            heading, stuck = (heading + 1) % 4, stuck + 1
    return fill(I, GREEN, frozenset(drawn))
