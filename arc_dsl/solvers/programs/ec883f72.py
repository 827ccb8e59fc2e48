from arc_dsl import *


def solve(I):
    # From each corner of the wall, a diagonal ray in the enclosed shape's colour shoots outward.
    wall, inner = sort_by(foreground_partition(I), compose(size, bounding_box_indices))[::-1]
    O = I
    for corner in intersection(corner_indices(wall), to_indices(wall)):
        outward = sign(subtract(double(corner), add(upper_left_corner(wall), lower_right_corner(wall))))
        O = fill(O, colour_of(inner), ray(add(corner, outward), outward))
    return O
