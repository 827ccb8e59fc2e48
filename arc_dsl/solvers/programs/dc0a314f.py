from arc_dsl import *


def solve(I):
    # The green patch hides part of a symmetric picture; the hidden part is restored from its mirror images.
    hidden = indices_of_colour(I, GREEN)
    mirrors = (mirror_vertical(I), mirror_horizontal(I), rotate_180(I), mirror_diagonal(I))
    O = I
    for point in hidden:
        seen = [colour_at(mirror, point) for mirror in mirrors if colour_at(mirror, point) != GREEN]
        O = fill(O, first(seen), singleton(point))
    return subgrid(O, hidden)
