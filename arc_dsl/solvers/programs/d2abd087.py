from arc_dsl import *


def solve(I):
    # Grey shapes of six cells turn red, all other grey shapes turn blue.
    O = I
    for piece in objects(I):
        O = fill(O, RED if size(piece) == 6 else BLUE, piece)
    return O
