from arc_dsl import *


def solve(I):
    # Closed blue rectangular loops turn green; open shapes stay blue.
    shapes = objects(I)
    loops = keep_if(shapes, lambda obj: height(obj) > 2 and width(obj) > 2 and to_indices(obj) == box_outline(obj))
    return fill(I, GREEN, merge(loops))
