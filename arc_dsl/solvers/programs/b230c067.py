from arc_dsl import *


def solve(I):
    # The two matching azure shapes turn blue; the odd one out turns red.
    shapes = objects(I, diagonal=True)
    outlines = tuple(normalise(to_indices(obj)) for obj in shapes)
    odd_outline = least_common(outlines)
    O = I
    for obj in shapes:
        O = fill(O, branch(normalise(to_indices(obj)) == odd_outline, RED, BLUE), obj)
    return O
