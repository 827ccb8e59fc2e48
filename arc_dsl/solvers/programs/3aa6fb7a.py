from arc_dsl import *


def solve(I):
    # Each azure L of three cells gets a blue cell in the missing corner of its 2x2 box.
    return fill(I, BLUE, apply_and_merge(bounding_box_delta, objects(I)))
