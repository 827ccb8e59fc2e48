from arc_dsl import *


def solve(I):
    # The green and orange satellites fly in to touch the red or blue centre in their row or column.
    centres = to_indices(merge(keep_if(objects(I), lambda obj: colour_of(obj) in (RED, BLUE))))
    def nearest_centre(satellite):
        in_line = keep_if(centres, lambda point: shares_row({point}, satellite) or shares_column({point}, satellite))
        return argmin(in_line, lambda point: manhattan_distance({point}, satellite))
    O = I
    for satellite in keep_if(objects(I), lambda obj: colour_of(obj) in (GREEN, ORANGE)):
        O = move(O, satellite, gravitate_offset(satellite, {nearest_centre(satellite)}))
    return O
