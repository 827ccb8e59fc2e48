from arc_dsl import *


def solve(I):
    # The four L-shaped corners are gathered into a 4x4 square, each placed at the corner its missing cell points away from.
    pieces = objects(I)
    O = canvas(BLACK, double(shape(first(pieces))))
    for corner_piece in pieces:
        missing = first(bounding_box_delta(normalise(corner_piece)))
        O = paint(O, shift(normalise(corner_piece), multiply(subtract(UNITY, missing), shape(corner_piece))))
    return O
