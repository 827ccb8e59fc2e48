from arc_dsl import *


def solve(I):
    # The top-left shape, in the divider's colour, is mirrored into all four quarters (divider removed).
    line_colour = I[height(I) // 2][0]
    quarter = crop(I, ORIGIN, halve(shape(I)))
    shape_colour = first(remove(BLACK, palette(quarter)))
    quarter = replace_colour(quarter, shape_colour, line_colour)
    top = concat_horizontal(quarter, mirror_vertical(quarter))
    return concat_vertical(top, mirror_horizontal(top))
