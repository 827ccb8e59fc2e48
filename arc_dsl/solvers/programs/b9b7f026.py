from arc_dsl import *


def solve(I):
    # Output, as a single cell, the colour of the only rectangle with a hole in it.
    holed = first_match(objects(I), lambda obj: size(bounding_box_delta(obj)) > 0)
    return canvas(colour_of(holed), UNITY)
