from arc_dsl import *


def solve(I):
    # Each maroon square casts a blue shadow down to the edge and gets a green frame half its side thick.
    squares = objects(I)
    O = I
    for square in squares:
        shadow_start = make_point(lowermost(square) + 1, leftmost(square))
        shadow_end = make_point(height(I) - 1, rightmost(square))
        O = fill(O, BLUE, bounding_box_indices(frozenset({shadow_start, shadow_end})))
    for square in squares:
        thickness = make_point(width(square) // 2, width(square) // 2)
        corners = frozenset(
            {subtract(upper_left_corner(square), thickness), add(lower_right_corner(square), thickness)}
        )
        O = fill(O, GREEN, bounding_box_indices(corners))
    return paint(O, merge(squares))
