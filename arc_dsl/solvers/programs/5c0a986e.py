from arc_dsl import *


def solve(I):
    # The blue square shoots a blue diagonal up-left, the red square a red diagonal down-right.
    blue = indices_of_colour(I, BLUE)
    red = indices_of_colour(I, RED)
    blue_ray = ray(add(upper_left_corner(blue), UP_LEFT), UP_LEFT)
    red_ray = ray(add(lower_right_corner(red), DOWN_RIGHT), DOWN_RIGHT)
    return underfill(underfill(I, BLUE, blue_ray), RED, red_ray)
