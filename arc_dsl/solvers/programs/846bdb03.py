from arc_dsl import *


def solve(I):
    # The two-coloured shape goes inside the yellow-cornered frame, mirrored if needed so each colour faces the frame side of the same colour.
    corners = indices_of_colour(I, YELLOW)
    frame = subgrid(I, corners)
    left_colour = frame[1][0]
    coloured = difference(all_indices(I), indices_of_colour(I, BLACK))
    piece = subgrid(I, difference(coloured, bounding_box_indices(corners)))
    left_column = crop(piece, ORIGIN, (height(piece), 1))
    oriented = branch(contains(palette(left_column), left_colour), piece, mirror_vertical(piece))
    return paint(frame, shift(as_object(oriented), UNITY))
