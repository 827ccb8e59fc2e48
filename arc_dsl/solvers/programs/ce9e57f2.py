from arc_dsl import *


def solve(I):
    # The lower half of each red bar turns azure (the middle cell of an odd bar stays red).
    O = I
    for bar in objects(I):
        lower_half = intersection(to_indices(bar), shift(to_indices(bar), vertical_vector(height(bar) - height(bar) // 2)))
        O = fill(O, AZURE, lower_half)
    return O
