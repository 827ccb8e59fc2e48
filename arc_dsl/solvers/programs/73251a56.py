from arc_dsl import *


def solve(I):
    # The pattern is symmetric about its diagonal: holes take the mirrored cell, the diagonal keeps the corner
    # colour, and holes left next to the diagonal take the dominant colour there.
    transposed = mirror_diagonal(I)
    mirrored = tuple(tuple(mirror if value == BLACK else value for value, mirror in zip(row, mirror_row, strict=True))
                     for row, mirror_row in zip(I, transposed, strict=True))
    filled = replace_colour(mirrored, BLACK, most_common_colour(mirrored))
    diagonal = ray(ORIGIN, DOWN_RIGHT)
    return fill(filled, I[0][0], diagonal)
