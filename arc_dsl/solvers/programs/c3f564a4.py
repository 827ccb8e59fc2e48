from arc_dsl import *


def solve(I):
    # The black holes are restored from the repeating diagonal colour pattern.
    return repair_pattern(I, BLACK)
