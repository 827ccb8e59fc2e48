from arc_dsl import *


def solve(I):
    # Two single-coloured rows swap colours in every other column (a checkerboard).
    swapped = mirror_horizontal(I)
    odd_columns = keep_if(all_indices(I), lambda p: not is_even(p[1]))
    return paint(I, to_object(swapped, odd_columns))
