from arc_dsl import *


def solve(I):
    # The maroon patches hide parts of a mirror-symmetric picture; each is restored from its mirror images.
    def mirror_sum(grid):
        def fits(total):
            pairs = [(row, grid[total - r]) for r, row in enumerate(grid) if 0 <= total - r < len(grid) and total - r != r]
            agree = sum(a == b for row, twin in pairs for a, b in zip(row, twin, strict=True) if MAROON not in (a, b))
            clash = any(a != b for row, twin in pairs for a, b in zip(row, twin, strict=True) if MAROON not in (a, b))
            return -1 if clash else agree
        return argmax(interval(1, 2 * len(grid) - 2), fits)
    row_sum, column_sum = mirror_sum(I), mirror_sum(mirror_diagonal(I))
    h, w = shape(I)

    def restored(r, c):
        for rr, cc in ((row_sum - r, c), (r, column_sum - c), (row_sum - r, column_sum - c)):
            if 0 <= rr < h and 0 <= cc < w and I[rr][cc] != MAROON:
                return I[rr][cc]
        return MAROON
    return tuple(tuple(restored(r, c) if colour == MAROON else colour for c, colour in enumerate(row))
                 for r, row in enumerate(I))
