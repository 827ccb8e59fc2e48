from arc_dsl import *


def solve(I):
    # The shape is cropped and its blue background becomes black.
    piece = subgrid(I, merge(objects(I, univalued=False, diagonal=True)))
    return replace_colour(piece, BLUE, BLACK)
