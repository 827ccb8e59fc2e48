from arc_dsl import *


def solve(I):
    # The answer is the colour at the centre of the 3x3 ring made of one other colour.
    def is_ring_centre(point):
        ring = {colour_at(I, p) for p in neighbours(point)}
        return len(ring) == 1 and not ring & {None, BLACK, colour_at(I, point)}

    centre_point = first_match(all_indices(I), is_ring_centre)
    return canvas(colour_at(I, centre_point), UNITY)
