from arc_dsl import *


def solve(I):
    # Under each 2x2 block hangs a green block as tall as the number of colours in it.
    O = I
    for block in objects(I, univalued=False):
        top_left = make_point(lowermost(block) + 1, leftmost(block))
        bottom_right = add(top_left, make_point(number_of_colours(block) - 1, width(block) - 1))
        O = fill(O, GREEN, bounding_box_indices(frozenset({top_left, bottom_right})))
    return O
