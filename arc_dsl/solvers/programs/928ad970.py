from arc_dsl import *


def solve(I):
    # A ring in the shape's colour is drawn just inside the four grey markers.
    markers = indices_of_colour(I, GREY)
    shape_colour = first(remove(GREY, remove(BLACK, palette(I))))
    return fill(I, shape_colour, inner_box_outline(markers))
