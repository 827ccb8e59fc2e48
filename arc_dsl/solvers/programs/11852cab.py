from arc_dsl import *


def solve(I):
    # The pattern is completed so that it looks the same under every rotation and mirror.
    pattern = merge(objects(I, univalued=False, diagonal=True))
    patch = subgrid(I, pattern)
    views = (patch, rotate_90(patch), rotate_180(patch), rotate_270(patch),
             mirror_vertical(patch), mirror_horizontal(patch), mirror_diagonal(patch), mirror_antidiagonal(patch))
    completed = merge([keep_if(as_object(view), lambda cell: cell[0] != BLACK) for view in views])
    return paint(I, shift(completed, upper_left_corner(pattern)))
