from arc_dsl import *


def solve(I):
    # The lines cut the background into compartments; the output has one cell per compartment.
    background = most_common_colour(I)

    def compartments(grid):
        is_line = [background not in row for row in grid]
        return sum(1 for r, line in enumerate(is_line) if not line and (r == 0 or is_line[r - 1]))
    return canvas(background, make_point(compartments(I), compartments(mirror_diagonal(I))))
