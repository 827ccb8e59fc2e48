from arc_dsl import *


def solve(I):
    # Each dot shoots diagonal rays; a ray takes the colour of the dot that sits in the region it crosses.
    dots = size_filter(objects(I, without_background=False), 1)
    dot_for_region = {}
    for dot in dots:
        point = first(to_indices(dot))
        around = [colour_at(I, p) for p in direct_neighbours(point) if colour_at(I, p) is not None]
        dot_for_region[most_common(tuple(around))] = colour_of(dot)
    O = I
    for dot in dots:
        for direction in (UP_LEFT, UP_RIGHT, DOWN_LEFT, DOWN_RIGHT):
            for point in ray(first(to_indices(dot)), direction):
                if colour_at(I, point) in dot_for_region:
                    O = fill(O, dot_for_region[colour_at(I, point)], singleton(point))
    return O
