from arc_dsl import *


def solve(I):
    # The gap between the two blocks is bridged by azure, one cell narrower on each side.
    a, b = objects(I)
    if shares_column(a, b):
        top, bottom = sort_by((a, b), uppermost)
        start = make_point(lowermost(top) + 1, max(leftmost(a), leftmost(b)) + 1)
        end = make_point(uppermost(bottom) - 1, min(rightmost(a), rightmost(b)) - 1)
    else:
        left, right = sort_by((a, b), leftmost)
        start = make_point(max(uppermost(a), uppermost(b)) + 1, rightmost(left) + 1)
        end = make_point(min(lowermost(a), lowermost(b)) - 1, leftmost(right) - 1)
    return fill(I, AZURE, bounding_box_indices(frozenset({start, end})))
