from arc_dsl import *


def solve(I):
    # Each dot gets a ring of its partner colour; grey dots run between rings every other cell from each ring.
    dots = to_indices(cells_except(I, BLACK))
    O = I
    for a in dots:
        for b in dots:
            if a < b and (a[0] == b[0] or a[1] == b[1]):
                axis = 0 if a[0] == b[0] else 1
                start, end = a[1 - axis] + 1, b[1 - axis] - 1
                for k in range(start + 1, end):
                    if min(k - start, end - k) % 2 == 1:
                        O = fill(O, GREY, singleton((a[0], k) if axis == 0 else (k, a[1])))
    colours = palette(cells_except(I, BLACK))
    for point in dots:
        O = fill(O, other(colours, colour_at(I, point)), neighbours(point))
    return O
