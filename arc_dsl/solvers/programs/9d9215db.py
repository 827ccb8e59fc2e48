from arc_dsl import *


def solve(I):
    # The corner pattern is mirrored into all four corners, and each cell off the diagonals becomes a dotted line to its mirror image along the side.
    mirrored = (I, mirror_horizontal(I), mirror_vertical(I), rotate_180(I))
    marks = apply_and_merge(lambda grid: merge(objects(grid)), mirrored)
    middle = height(I) // 2
    O = paint(I, marks)
    for colour, (row, column) in marks:
        if abs(row - middle) > abs(column - middle):
            start = min(column, 2 * middle - column)
            O = fill(O, colour, {(row, dot) for dot in range(start, 2 * middle - start + 1, 2)})
        elif abs(column - middle) > abs(row - middle):
            start = min(row, 2 * middle - row)
            O = fill(O, colour, {(dot, column) for dot in range(start, 2 * middle - start + 1, 2)})
    return O
