from arc_dsl import *


def solve(I):
    # The red shape moves to sit just inside the four green corner markers.
    markers = indices_of_colour(I, GREEN)
    red_shape = to_object(I, indices_of_colour(I, RED))
    target = add(upper_left_corner(markers), UNITY)
    return move(I, red_shape, subtract(target, upper_left_corner(red_shape)))
