from arc_dsl import *


def solve(I):
    # From the two ends of the cup's upper layer, diagonal rays in the colour of the cup's middle shoot up and out to the edge.
    bottom_row = height(I) - 1
    middle_colour = I[bottom_row][width(I) // 2]
    upper_layer = keep_if(indices_of_colour(I, I[bottom_row - 1][width(I) // 2]), lambda point: point[0] == bottom_row - 1)
    left_ray = remove(upper_left_corner(upper_layer), ray(upper_left_corner(upper_layer), UP_LEFT))
    right_ray = remove(upper_right_corner(upper_layer), ray(upper_right_corner(upper_layer), UP_RIGHT))
    return fill(I, middle_colour, combine(left_ray, right_ray))
