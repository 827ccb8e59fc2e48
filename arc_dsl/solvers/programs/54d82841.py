from arc_dsl import *


def solve(I):
    # A yellow mark goes on the bottom row under the middle of each cup.
    cups = objects(I)
    marks = apply(lambda cup: (height(I) - 1, centre(cup)[1]), cups)
    return fill(I, YELLOW, marks)
