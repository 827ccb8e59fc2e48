from arc_dsl import *


def solve(I):
    # Rooms sealed by the walls turn green; rooms leaking through a gap in the wall turn yellow.
    rooms = colour_filter(objects(I, without_background=False), BLACK)
    sealed = keep_if(rooms, is_square)
    leaking = difference(rooms, sealed)
    return fill(fill(I, GREEN, merge(sealed)), YELLOW, merge(leaking))
