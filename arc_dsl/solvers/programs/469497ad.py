from arc_dsl import *


def solve(I):
    # Scale by the number of colours; red diagonals run out from the inner block's corners over black.
    factor = size(remove(BLACK, palette(I)))
    grid = upscale(I, factor)
    def inner(obj):
        return lowermost(obj) < height(grid) - 1 and rightmost(obj) < width(grid) - 1
    block = first(keep_if(objects(grid), inner))
    diagonals = frozenset()
    for corner in corner_indices(block):
        direction = sign(subtract(corner, centre(block)))
        diagonals = combine(diagonals, ray(add(corner, direction), direction))
    black_cells = keep_if(diagonals, lambda point: colour_at(grid, point) == BLACK)
    return fill(grid, RED, black_cells)
