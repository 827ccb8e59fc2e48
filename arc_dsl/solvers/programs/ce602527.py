from arc_dsl import *


def solve(I):
    # The small shape whose silhouette contains the big edge-cut shape (shrunk to half) is cut out.
    def silhouette(grid, colour):
        return tuple(tuple(int(value == colour) for value in row) for row in grid)

    shapes = foreground_partition(I)
    big = first_match(shapes, lambda piece: is_bordering(piece, I))
    shrunk = as_object(silhouette(downscale(subgrid(I, big), 2), colour_of(big)))

    def contains_big(piece):
        return size(occurrences(silhouette(subgrid(I, piece), colour_of(piece)), shrunk)) > 0

    return subgrid(I, first_match(remove(big, shapes), contains_big))
