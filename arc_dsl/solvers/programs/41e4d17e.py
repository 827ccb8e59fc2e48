from arc_dsl import *


def solve(I):
    # Magenta lines run the full width and height of the grid through the centre of every blue square, behind it.
    centres = apply(centre, objects(I))
    lines = combine(apply_and_merge(horizontal_line_through, centres), apply_and_merge(vertical_line_through, centres))
    return underfill(I, MAGENTA, lines)
