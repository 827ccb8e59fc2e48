from arc_dsl import *


def solve(I):
    # The inside of every grey rectangle becomes red.
    rectangles = colour_filter(objects(I, without_background=False), GREY)
    insides = apply_and_merge(fork(difference, bounding_box_indices, box_outline), rectangles)
    return fill(I, RED, insides)
