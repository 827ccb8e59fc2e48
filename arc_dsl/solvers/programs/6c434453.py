from arc_dsl import *


def solve(I):
    # Every hollow blue 3x3 square becomes a red plus.
    rings = keep_if(objects(I), lambda obj: shape(obj) == (3, 3) and size(obj) == 8)
    pluses = apply_and_merge(lambda ring: insert(centre(ring), direct_neighbours(centre(ring))), rings)
    return fill(erase(I, merge(rings)), RED, pluses)
