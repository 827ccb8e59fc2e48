from arc_dsl import *


def solve(I):
    # The shape takes the colour of the lone corner cell, which disappears.
    shape_object = argmax(objects(I), size)
    marker = argmin(objects(I), size)
    return paint(erase(I, marker), recolour(shape_object, colour_of(marker)))
