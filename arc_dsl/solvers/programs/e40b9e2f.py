from arc_dsl import *


def solve(I):
    # The figure is completed to look the same after every quarter turn about its centre.
    figure = cells_except(I, BLACK)

    def turned_copies(doubled_centre):
        R, C = doubled_centre
        copies = set(figure)
        for colour, (r, c) in figure:
            for _ in range(3):
                r, c = (R + 2 * c - C) // 2, (C - 2 * r + R) // 2
                copies.add((colour, (r, c)))
        return frozenset(copies)

    def is_consistent(cells):
        return len(cells) == len(to_indices(cells))

    top, left = double(upper_left_corner(figure))
    bottom, right = double(lower_right_corner(figure))
    centres = [(R, C) for R in range(top, bottom + 1) for C in range(left, right + 1) if is_even(R - C)]
    completions = keep_if(tuple(turned_copies(c) for c in centres), is_consistent)
    return paint(I, argmin(completions, size))
