from arc_dsl import *


def solve(I):
    # The two grey posts with their azure caps are cut out, together with everything between them.
    posts = indices_of_colour(I, GREY)
    corner = subtract(upper_left_corner(posts), DOWN)
    return crop(I, corner, add(shape(posts), make_point(2, 0)))
