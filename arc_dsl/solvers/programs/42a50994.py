from arc_dsl import *


def solve(I):
    # Cells that touch no other coloured cell, not even at a corner, are removed.
    loners = size_filter(objects(I, diagonal=True), 1)
    return erase(I, merge(loners))
