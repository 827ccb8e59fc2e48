from arc_dsl import *


def solve(I):
    # Only the cell whose colour appears once survives, framed by a red ring; everything else is cleared.
    lone_colour = first_match(sort_by(palette(I), identity), lambda colour: colour_count(I, colour) == 1)
    point = first(indices_of_colour(I, lone_colour))
    ringed = fill(canvas(BLACK, shape(I)), RED, neighbours(point))
    return fill(ringed, lone_colour, frozenset({point}))
