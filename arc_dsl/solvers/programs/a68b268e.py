from arc_dsl import *


def solve(I):
    # The four quadrants are stacked: top-left in front, then top-right, bottom-left, bottom-right behind.
    top, bottom = split_top_bottom(I, 2)
    layers = split_left_right(top, 2) + split_left_right(bottom, 2)
    O = layers[-1]
    for layer in layers[-2::-1]:
        O = paint(O, keep_if(as_object(layer), lambda cell: cell[0] != BLACK))
    return O
