from arc_dsl import *


def solve(I):
    # The hole of each grey square is filled by its size: 3x3 azure, 2x2 orange, 1x1 magenta.
    colour_by_area = {9: AZURE, 4: ORANGE, 1: MAGENTA}
    O = I
    for square in objects(I):
        hole = bounding_box_delta(square)
        O = fill(O, colour_by_area[size(hole)], hole)
    return O
