from arc_dsl import *


def solve(I):
    # Azure dots that share a row or a column are joined by a green line.
    dots = to_tuple(indices_of_colour(I, AZURE))
    links = merge([line_between(a, b) for a in dots for b in dots if a != b and (a[0] == b[0] or a[1] == b[1])])
    return underfill(I, GREEN, links)
