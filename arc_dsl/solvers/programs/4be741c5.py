from arc_dsl import *


def solve(I):
    # List the colours of the stripes in order, as a row for side-by-side stripes or a column otherwise.
    side_by_side = len(set(I[0])) > 1
    grid = branch(side_by_side, I, mirror_diagonal(I))
    stripes = sort_by(partition(grid), lambda stripe: centre_of_mass(stripe)[1])
    row = (tuple(colour_of(stripe) for stripe in stripes),)
    return branch(side_by_side, row, mirror_diagonal(row))
