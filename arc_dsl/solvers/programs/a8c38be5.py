from arc_dsl import *


def solve(I):
    # The nine 3x3 pieces are assembled into a square, each placed on the side its coloured (non-grey) cells point to.
    def is_piece(corner):
        window = crop(I, corner, (3, 3))
        return shape(window) == (3, 3) and colour_count(window, BLACK) == 0
    O = canvas(GREY, (9, 9))
    for corner in keep_if(all_indices(I), is_piece):
        piece = crop(I, corner, (3, 3))
        marks = difference(all_indices(piece), indices_of_colour(piece, GREY))
        # The sign of the summed offsets from the piece's middle cell is the side the colours lean to.
        lean = make_point(sign(sum(row - 1 for row, _ in marks)), sign(sum(column - 1 for _, column in marks)))
        slot = multiply(add(lean, UNITY), 3)
        O = paint(O, shift(as_object(piece), slot))
    return O
