from arc_dsl import *


def solve(I):
    # Blue cells in the same row or column are joined by azure lines.
    blues = indices_of_colour(I, BLUE)
    lines = [line_between(a, b) for a in blues for b in blues if a[0] == b[0] or a[1] == b[1]]
    return underfill(I, AZURE, merge(tuple(lines)))
