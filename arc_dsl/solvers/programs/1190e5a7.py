from arc_dsl import *


def solve(I):
    # The lines cut the background into compartments; the output has one cell per compartment.
    background = most_common_colour(I)
    rooms = compartments(I, other(palette(I), background))
    rows, columns = size(apply(uppermost, rooms)), size(apply(leftmost, rooms))
    return canvas(background, make_point(rows, columns))
