from arc_dsl import *


def solve(I):
    # The grid is mirror-symmetric; the yellow patch is painted over with what its mirror images show.
    patch = indices_of_colour(I, YELLOW)
    mirrors = (mirror_vertical(I), mirror_horizontal(I), rotate_180(I))
    def restored(point):
        return first_match(tuple(colour_at(mirror, point) for mirror in mirrors), lambda colour: colour != YELLOW)
    return paint(I, frozenset((restored(point), point) for point in patch))
