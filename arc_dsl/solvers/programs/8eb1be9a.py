from arc_dsl import *


def solve(I):
    # The band of pattern is repeated up and down to fill the whole grid, keeping its alignment.
    pattern = merge(objects(I, univalued=False))
    band = subgrid(I, pattern)
    top = uppermost(pattern)
    return tuple(band[(row - top) % height(band)] for row in range(height(I)))
