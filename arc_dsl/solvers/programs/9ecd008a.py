from arc_dsl import *


def solve(I):
    # The grid is mirror-symmetric; output what belongs in the black hole, read from its mirror images.
    hole = indices_of_colour(I, BLACK)
    mirrors = (mirror_vertical(I), mirror_horizontal(I), rotate_180(I))
    def restored(point):
        return first_match(tuple(colour_at(mirror, point) for mirror in mirrors), lambda colour: colour != BLACK)
    repaired = paint(I, frozenset((restored(point), point) for point in hole))
    return subgrid(repaired, hole)
