from arc_dsl import *


def solve(I):
    # The grid is mirrored to its left, and that strip is stacked three times, flipping upside down on alternate copies.
    strip = concat_horizontal(mirror_vertical(I), I)
    flipped = mirror_horizontal(strip)
    return concat_vertical(concat_vertical(flipped, strip), flipped)
