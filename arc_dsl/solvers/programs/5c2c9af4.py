from arc_dsl import *


def solve(I):
    # The three evenly spaced dots set the spacing of concentric squares around the middle dot.
    dots = sort_by(merge(objects(I)), lambda cell: cell[1])
    colour, middle = dots[1]
    spacing = abs(dots[1][1][0] - dots[0][1][0])
    rings = [box_outline({subtract(middle, radius), add(middle, radius)}) for radius in range(spacing, max(shape(I)) + 1, spacing)]
    return fill(I, colour, merge(rings))
