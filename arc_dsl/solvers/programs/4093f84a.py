from arc_dsl import *


def solve(I):
    # Every dot slides straight onto the grey band and turns grey, piling up against dots that arrived first.
    band = argmax(objects(I), size)
    grey = to_indices(band)
    O = I
    for dot in sort_by(remove(band, objects(I)), lambda dot: manhattan_distance(dot, band)):
        landed = shift(to_indices(dot), gravitate_offset(dot, grey))
        O = fill(fill(O, BLACK, dot), GREY, landed)
        grey = combine(grey, landed)
    return O
