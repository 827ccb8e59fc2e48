from arc_dsl import *


def solve(I):
    # The small colour grid is masked by the big blocky pattern shrunk to the same size.
    pieces = objects(I, univalued=False)
    key = argmax(pieces, number_of_colours)
    pattern = difference(merge(pieces), key)
    colours = subgrid(I, key)
    mask = downscale(subgrid(I, pattern), width(pattern) // width(key))
    return tuple(tuple(value if keep != BLACK else BLACK for value, keep in zip(row, mask_row, strict=True))
                 for row, mask_row in zip(colours, mask, strict=True))
