from arc_dsl import *


def solve(I):
    # The multicoloured shape is copied so that its centre lands on the grey cell, which disappears.
    grey_cell = first(indices_of_colour(I, GREY))
    shape_object = first_match(objects(I, univalued=False), lambda obj: GREY not in palette(obj))
    copy = shift(shape_object, subtract(grey_cell, centre(shape_object)))
    return paint(fill(I, BLACK, {grey_cell}), copy)
