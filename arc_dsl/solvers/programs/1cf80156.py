from arc_dsl import *


def solve(I):
    # The output is the single shape cropped to its bounding box.
    shape_cells = first(objects(I, univalued=False, diagonal=True))
    return subgrid(I, shape_cells)
