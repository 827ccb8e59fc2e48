from arc_dsl import *


def solve(I):
    # Blue shapes that enclose a hole turn azure.
    background = most_common_colour(I)
    holes = keep_if(colour_filter(objects(I, without_background=False), background), lambda region: not is_bordering(region, I))
    hole_cells = merge(holes)
    closed = merge_filtered(colour_filter(objects(I), BLUE), lambda shape_object: is_adjacent(shape_object, hole_cells))
    return fill(I, AZURE, closed)
