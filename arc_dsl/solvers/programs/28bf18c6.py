from arc_dsl import *


def solve(I):
    # The single shape is cropped and shown twice side by side.
    piece = subgrid(I, first(objects(I, univalued=False, diagonal=True)))
    return concat_horizontal(piece, piece)
