from arc_dsl import *


def solve(I):
    # Output the shape holding the azure cell, with that cell in the shape's own colour.
    shapes = objects(I, univalued=False)
    marked = first_match(shapes, lambda obj: contains(palette(obj), AZURE))
    shape_colour = first(remove(AZURE, palette(marked)))
    return replace_colour(subgrid(I, marked), AZURE, shape_colour)
