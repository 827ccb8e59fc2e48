from arc_dsl import *


def solve(I):
    # Each dot colours its half of the grid: the outer frame of that half plus a full row through the dot.
    O = canvas(BLACK, shape(I))
    frame = box_outline(all_indices(I))
    for dot in objects(I):
        top_half_dot = uppermost(dot) < height(I) // 2
        rows = range(0, height(I) // 2) if top_half_dot else range(height(I) // 2, height(I))
        half = frozenset(point for point in all_indices(I) if point[0] in rows)
        drawn = intersection(combine(frame, horizontal_line_through(first(to_indices(dot)))), half)
        O = fill(O, colour_of(dot), drawn)
    return O
