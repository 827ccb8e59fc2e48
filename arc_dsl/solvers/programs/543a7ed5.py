from arc_dsl import *


def solve(I):
    # Every magenta box gets a green ring around it and its holes filled yellow.
    boxes = objects(I)
    rings = apply_and_merge(outer_box_outline, boxes)
    holes = apply_and_merge(bounding_box_delta, boxes)
    return fill(fill(I, GREEN, rings), YELLOW, holes)
