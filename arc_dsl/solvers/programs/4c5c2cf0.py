from arc_dsl import *


def solve(I):
    # The shape beside the symmetric X-shaped centre piece is mirrored across both axes of that centre.
    pieces = foreground_partition(I)
    def is_symmetric(obj):
        return mirror_horizontal(obj) == obj and mirror_vertical(obj) == obj
    centre_piece = first_match(pieces, is_symmetric)
    row_sum = uppermost(centre_piece) + lowermost(centre_piece)
    column_sum = leftmost(centre_piece) + rightmost(centre_piece)
    shape_piece = other(pieces, centre_piece)
    mirrored = frozenset(
        (colour, (row, column))
        for colour, (r, c) in shape_piece
        for row in (r, row_sum - r)
        for column in (c, column_sum - c)
    )
    return paint(I, mirrored)
