from arc_dsl import *


def solve(I):
    # Each L-shaped piece fires a diagonal ray out of its open corner.
    pieces = objects(I)
    rays = []
    for piece in pieces:
        gap = first(bounding_box_delta(piece))
        opposite = first(intersection(to_indices(piece), diagonal_neighbours(gap)))
        direction = subtract(gap, opposite)
        rays.append(recolour(ray(add(gap, direction), direction), colour_of(piece)))
    return paint(I, merge(rays))
