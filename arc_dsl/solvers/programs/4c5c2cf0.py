from arc_dsl import *


def solve(I):
    # The shape beside the X-shaped centre piece is mirrored across both axes of that centre.
    pieces = objects(I, diagonal=True)
    centre_piece = argmax(pieces, lambda obj: is_square(bounding_box_indices(obj)) and height(obj) == 3 and size(obj) == 5)
    row_sum = uppermost(centre_piece) + lowermost(centre_piece)
    column_sum = leftmost(centre_piece) + rightmost(centre_piece)
    shape_piece = first(remove(centre_piece, pieces))
    mirrored = frozenset(
        (colour, (row, column))
        for colour, (r, c) in shape_piece
        for row in (r, row_sum - r)
        for column in (c, column_sum - c)
    )
    return paint(I, mirrored)
