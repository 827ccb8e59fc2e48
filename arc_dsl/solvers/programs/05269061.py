from arc_dsl import *


def solve(I):
    # The diagonal stripes repeat every three anti-diagonals; the whole grid is filled with their colours.
    colour_by_stripe = {(r + c) % 3: colour for colour, (r, c) in as_object(I) if colour != BLACK}
    return tuple(tuple(colour_by_stripe[(r + c) % 3] for c in range(width(I))) for r in range(height(I)))
