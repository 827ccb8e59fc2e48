from arc_dsl import *


def solve(I):
    # Each pair of same-coloured dots becomes the filled rectangle they span.
    pairs = foreground_partition(I)
    rectangles = apply(lambda pair: recolour(bounding_box_indices(pair), colour_of(pair)), pairs)
    return paint(I, merge(rectangles))
