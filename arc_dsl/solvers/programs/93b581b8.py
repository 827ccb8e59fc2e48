from arc_dsl import *


def solve(I):
    # Each cell of the 2x2 block fills a 2x2 square diagonally beyond the opposite corner of the block.
    block = merge(objects(I, univalued=False))
    top, left = upper_left_corner(block)
    O = I
    for colour, (row, column) in block:
        start = make_point(top + 2 - 4 * (row - top), left + 2 - 4 * (column - left))
        O = fill(O, colour, bounding_box_indices({start, add(start, UNITY)}))
    return O
