from arc_dsl import *


def solve(I):
    # A yellow path runs from the azure cell straight down or up to the red cell's row, then across to it.
    start = first(indices_of_colour(I, AZURE))
    end = first(indices_of_colour(I, RED))
    corner = make_point(end[0], start[1])
    path = combine(line_between(start, corner), line_between(corner, end))
    return underfill(I, YELLOW, path)
