from arc_dsl import *


def solve(I):
    # Every piece has a grey cell; the pieces are stacked on one shared grey centre of a 3x3 grid.
    O = canvas(BLACK, make_point(3, 3))
    for piece in objects(I, univalued=False, diagonal=True):
        grey = first(point for colour, point in piece if colour == GREY)
        O = paint(O, shift(piece, subtract(UNITY, grey)))
    return O
