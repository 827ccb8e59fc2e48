from arc_dsl import *


def solve(I):
    # The symmetric figure is reduced to its upper-left quarter.
    figure = subgrid(I, merge(objects(I, univalued=False, diagonal=True)))
    return top_half(left_half(figure))
