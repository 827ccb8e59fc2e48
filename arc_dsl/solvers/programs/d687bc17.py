from arc_dsl import *


def solve(I):
    # Each loose dot moves to touch the wall of its colour; dots with no matching wall vanish.
    walls = keep_if(objects(I), lambda piece: is_bordering(piece, I))
    dots = difference(objects(I), walls)
    O = I
    for dot in dots:
        O = erase(O, dot)
        matching = colour_filter(walls, colour_of(dot))
        if matching:
            O = paint(O, shift(dot, gravitate_offset(dot, first(matching))))
    return O
