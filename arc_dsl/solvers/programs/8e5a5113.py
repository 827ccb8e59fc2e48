from arc_dsl import *


def solve(I):
    # The empty panels to the right are filled with the first panel turned a quarter and a half turn clockwise.
    side = height(I)
    panel = crop(I, ORIGIN, (side, side))
    divider = crop(I, (0, side), (side, 1))
    with_quarter = concat_horizontal(concat_horizontal(panel, divider), rotate_90(panel))
    return concat_horizontal(concat_horizontal(with_quarter, divider), rotate_180(panel))
