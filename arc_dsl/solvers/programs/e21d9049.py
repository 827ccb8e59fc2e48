from arc_dsl import *


def solve(I):
    # The colour sequence on each arm of the cross repeats along its whole row and column.
    cross = cells_except(I, BLACK)
    row = most_common(tuple(point[0] for _, point in cross))
    column = most_common(tuple(point[1] for _, point in cross))
    across = keep_if(cross, lambda cell: cell[1][0] == row)
    down = keep_if(cross, lambda cell: cell[1][1] == column)
    O = I
    for c in range(width(I)):
        source = make_point(row, leftmost(across) + (c - leftmost(across)) % size(across))
        O = fill(O, colour_at(I, source), singleton(make_point(row, c)))
    for r in range(height(I)):
        source = make_point(uppermost(down) + (r - uppermost(down)) % size(down), column)
        O = fill(O, colour_at(I, source), singleton(make_point(r, column)))
    return O
