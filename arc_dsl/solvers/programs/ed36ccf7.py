from arc_dsl import *


def solve(I):
    # The output is the input turned a quarter anticlockwise.
    return rotate_270(I)
