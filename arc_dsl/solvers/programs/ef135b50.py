from arc_dsl import *


def solve(I):
    # Black gaps between red blocks in the same row are bridged with maroon (not along the top or bottom edge).
    reds = indices_of_colour(I, RED)
    inner_rows = interval(1, height(I) - 1)
    bridges = [line_between(a, b) for a in reds for b in reds if a[0] == b[0] and a[0] in inner_rows]
    return fill(I, MAROON, intersection(merge(frozenset(bridges)), indices_of_colour(I, BLACK)))
