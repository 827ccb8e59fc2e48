from arc_dsl import *


def solve(I):
    # The block on the end of a stick slides along it until it touches the other block, and the stick disappears.
    shapes = objects(I)
    mover = first_match(shapes, lambda obj: size(obj) < size(bounding_box_indices(obj)))
    anchor = other(shapes, mover)
    cells = to_indices(mover)
    def in_block(point):
        vertical = any(neighbour in cells for neighbour in (add(point, UP), add(point, DOWN)))
        horizontal = any(neighbour in cells for neighbour in (add(point, LEFT), add(point, RIGHT)))
        return vertical and horizontal
    block = keep_if(mover, lambda cell: in_block(cell[1]))
    return paint(erase(I, mover), shift(block, gravitate_offset(block, anchor)))
