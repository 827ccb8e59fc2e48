from arc_dsl import *


def solve(I):
    # A left-right symmetric input gives a blue cell, otherwise an orange one.
    symmetric = equals(I, mirror_vertical(I))
    return canvas(branch(symmetric, BLUE, ORANGE), (1, 1))
