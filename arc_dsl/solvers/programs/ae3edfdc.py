from arc_dsl import *


def solve(I):
    # The green and orange satellites fly in to touch the red or blue centre in their row or column.
    centres = merge(keep_if(objects(I), lambda obj: colour_of(obj) in (RED, BLUE)))
    O = I
    for satellite in keep_if(objects(I), lambda obj: colour_of(obj) in (GREEN, ORANGE)):
        in_line = keep_if(to_indices(centres), lambda point: shares_row({point}, satellite) or shares_column({point}, satellite))
        centre_cell = argmin(in_line, lambda point: manhattan_distance({point}, satellite))
        O = move(O, satellite, gravitate_offset(satellite, {centre_cell}))
    return O
