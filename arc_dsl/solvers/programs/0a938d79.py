from arc_dsl import *


def solve(I):
    # The two dots become lines across the short side, repeating alternately at the same spacing to the far edge.
    portrait = is_portrait(I)
    grid = mirror_diagonal(I) if portrait else I
    dots = sort_by(objects(grid), leftmost)
    gap = leftmost(dots[1]) - leftmost(dots[0])
    O = grid
    for index, column in enumerate(range(leftmost(dots[0]), width(grid), gap)):
        O = fill(O, colour_of(dots[index % 2]), vertical_line_through(make_point(0, column)))
    return mirror_diagonal(O) if portrait else O
