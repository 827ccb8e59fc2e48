from arc_dsl import *


def solve(I):
    # Output the shape marked by the grey dot.
    marker = indices_of_colour(I, GREY)
    shapes = keep_if(objects(I, diagonal=True), lambda obj: colour_of(obj) != GREY)
    marked = argmin(shapes, lambda obj: manhattan_distance(obj, marker))
    return subgrid(I, marked)
