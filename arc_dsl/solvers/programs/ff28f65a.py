from arc_dsl import *


def solve(I):
    # Each red square adds a blue cell to a 3x3 checkerboard, in reading order.
    count = size(objects(I))
    checker = [make_point(r, c) for r in range(3) for c in range(3) if is_even(r + c)]
    return fill(canvas(BLACK, (3, 3)), BLUE, frozenset(checker[:count]))
