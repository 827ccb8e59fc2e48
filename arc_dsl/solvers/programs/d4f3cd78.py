from arc_dsl import *


def solve(I):
    # The grey box fills with azure, which also leaks out of the gap in its wall to the edge.
    box = first(objects(I))
    inside = bounding_box_delta(box)
    gap = first(intersection(inside, box_outline(box)))
    behind_gap = first(intersection(direct_neighbours(gap), inside))
    leak = ray(gap, subtract(gap, behind_gap))
    return fill(I, AZURE, combine(inside, leak))
