from arc_dsl import *


def solve(I):
    # The shape is cropped and mirrored left-right.
    piece = subgrid(I, first(objects(I, univalued=False, diagonal=True)))
    return mirror_vertical(piece)
