from arc_dsl import *


def solve(I):
    # Red cells get yellow diagonal neighbours; blue cells get orange edge neighbours.
    red_corners = apply_and_merge(diagonal_neighbours, indices_of_colour(I, RED))
    blue_sides = apply_and_merge(direct_neighbours, indices_of_colour(I, BLUE))
    O = underfill(I, YELLOW, red_corners)
    return underfill(O, ORANGE, blue_sides)
