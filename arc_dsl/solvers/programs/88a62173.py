from arc_dsl import *


def solve(I):
    # Of the four 2x2 quadrants around the black cross, output the one that differs from the other three.
    halves = split_top_bottom(I, 2)
    quadrants = tuple(quadrant for half in halves for quadrant in split_left_right(half, 2))
    return least_common(quadrants)
