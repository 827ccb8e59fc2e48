from arc_dsl import *


def solve(I):
    # Azure dots in the same row or column are joined by azure lines.
    dots = indices_of_colour(I, AZURE)
    lines = [line_between(a, b) for a in dots for b in dots if a[0] == b[0] or a[1] == b[1]]
    return fill(I, AZURE, merge(tuple(lines)))
