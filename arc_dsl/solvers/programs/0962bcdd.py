from arc_dsl import *


def solve(I):
    # Each small plus grows: its arms extend to length two and its centre colour shoots out two cells diagonally.
    O = I
    for plus in objects(I, univalued=False):
        middle = centre(plus)
        core = colour_at(I, middle)
        arm = other(palette(plus), core)
        for direction in (UP, DOWN, LEFT, RIGHT):
            O = fill(O, arm, line_between(middle, add(middle, double(direction))))
        for direction in (UP_LEFT, UP_RIGHT, DOWN_LEFT, DOWN_RIGHT):
            O = fill(O, core, line_between(middle, add(middle, double(direction))))
    return O
