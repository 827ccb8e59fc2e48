from arc_dsl import *


def solve(I):
    # The colours of the minority tiles are listed from most to least frequent.
    counts = {colour: colour_count(I, colour) for colour in palette(I) if colour != BLACK}
    ranked = sorted(counts, key=lambda colour: -counts[colour])
    return tuple((colour,) for colour in ranked[1:])
