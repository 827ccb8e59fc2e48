from arc_dsl import *


def solve(I):
    # Each single cell touching the block at a corner extends into a diagonal ray away from the block.
    pieces = objects(I)
    block = argmax(pieces, size)
    rays = []
    for cell in size_filter(pieces, 1):
        point = first(to_indices(cell))
        corner = first(intersection(to_indices(block), diagonal_neighbours(point)))
        rays.append(ray(point, subtract(point, corner)))
    return fill(I, colour_of(block), merge(rays))
