from arc_dsl import *


def solve(I):
    # Output the shape marked by the grey dot.
    marker = indices_of_colour(I, GREY)
    shapes = remove(first(colour_filter(objects(I, diagonal=True), GREY)), objects(I, diagonal=True))
    marked = argmin(shapes, lambda obj: manhattan_distance(obj, marker))
    return subgrid(I, marked)
