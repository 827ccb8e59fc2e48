from arc_dsl import *


def solve(I):
    # Each grey rectangle gets blue corners, a yellow border and a red inside.
    O = I
    for rectangle in colour_filter(objects(I, without_background=False), GREY):
        O = fill(O, RED, rectangle)
        O = fill(O, YELLOW, box_outline(rectangle))
        O = fill(O, BLUE, corner_indices(rectangle))
    return O
