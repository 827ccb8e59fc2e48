from arc_dsl import *


def solve(I):
    # The coloured bands at the top are mirrored onto the bottom.
    reflection = mirror_horizontal(I)
    return paint(I, merge(foreground_partition(reflection)))
