from arc_dsl import *


def solve(I):
    # The two-coloured seed floods the black corridors it touches, alternating its two colours like a checkerboard.
    seed = keep_if(as_object(I), lambda cell: cell[0] not in (BLACK, AZURE))
    centre_colour = least_common_colour(seed)
    ring_colour = most_common_colour(seed)
    centre_row, centre_column = first(to_indices(keep_if(seed, lambda cell: cell[0] == centre_colour)))
    corridors = merge_filtered(colour_filter(objects(I, without_background=False), BLACK), lambda region: is_adjacent(region, seed))
    O = I
    for row, column in to_indices(corridors):
        same_parity = is_even(row + column - centre_row - centre_column)
        O = fill(O, branch(same_parity, centre_colour, ring_colour), {(row, column)})
    return O
