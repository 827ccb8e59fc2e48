from arc_dsl import *


def solve(I):
    # The four coloured cells inside the frame's corners jump out to the diagonally opposite corners just outside the frame.
    frame = argmax(objects(I), size)
    top, left = upper_left_corner(frame)
    bottom, right = lower_right_corner(frame)
    inside = to_object(I, bounding_box_delta(frame))
    O = fill(I, BLACK, to_indices(inside))
    for colour, (row, column) in keep_if(inside, lambda cell: cell[0] != BLACK):
        target = make_point(branch(row == top + 1, bottom + 1, top - 1), branch(column == left + 1, right + 1, left - 1))
        O = fill(O, colour, {target})
    return O
