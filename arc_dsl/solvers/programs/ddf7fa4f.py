from arc_dsl import *


def solve(I):
    # Each grey block takes the colour of the marker in the top row above it.
    markers = keep_if(objects(I), lambda piece: uppermost(piece) == 0)
    O = I
    for block in colour_filter(objects(I), GREY):
        marker = first_match(markers, bind_right(shares_column, block))
        O = fill(O, colour_of(marker), block)
    return O
