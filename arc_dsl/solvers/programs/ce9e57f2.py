from arc_dsl import *


def solve(I):
    # The lower half of each red bar turns azure (the middle cell of an odd bar stays red).
    O = I
    for bar in objects(I):
        cells = to_indices(bar)
        drop = vertical_vector(height(bar) - height(bar) // 2)
        O = fill(O, AZURE, intersection(cells, shift(cells, drop)))
    return O
