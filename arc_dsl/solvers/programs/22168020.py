from arc_dsl import *


def solve(I):
    # Each V shape is filled in: every row of it becomes solid between its leftmost and rightmost cells.
    O = I
    for figure in objects(I, diagonal=True):
        for row in {r for r, c in to_indices(figure)}:
            columns = [c for r, c in to_indices(figure) if r == row]
            O = fill(O, colour_of(figure), line_between(make_point(row, min(columns)), make_point(row, max(columns))))
    return O
