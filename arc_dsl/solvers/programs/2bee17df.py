from arc_dsl import *


def solve(I):
    # Every row and column that runs clear from one side of the frame to the other is marked green.
    h, w = shape(I)
    clear_rows = [r for r in range(1, h - 1) if all(I[r][c] == BLACK for c in range(1, w - 1))]
    clear_columns = [c for c in range(1, w - 1) if all(I[r][c] == BLACK for r in range(1, h - 1))]
    lanes = combine(apply_and_merge(horizontal_line_through, frozenset((r, 0) for r in clear_rows)),
                    apply_and_merge(vertical_line_through, frozenset((0, c) for c in clear_columns)))
    return fill(I, GREEN, intersection(lanes, indices_of_colour(I, BLACK)))
