from arc_dsl import *


def solve(I):
    # Two equal marks in line across the blocks put the same mark in the block between them.
    ordinary = (BLACK, most_common_colour(I))
    marks = [(colour, point) for colour, point in as_object(I) if colour not in ordinary]
    O = I
    for colour, a in marks:
        for other_colour, b in marks:
            doubled_midpoint = add(a, b)
            in_line = a != b and (a[0] == b[0] or a[1] == b[1])
            if colour == other_colour and in_line and all(is_even(n) for n in doubled_midpoint):
                O = fill(O, colour, singleton(halve(doubled_midpoint)))
    return O
