from arc_dsl import *


def solve(I):
    # The one block with only four coloured cells is a map: each block takes the colour at its position in that map.
    blocks = [block for band in split_top_bottom(I, 3) for block in split_left_right(band, 3)]
    sparse = argmin(blocks, lambda block: size(difference(all_indices(block), indices_of_colour(block, BLACK))))
    step = width(sparse) + 1
    return tuple(tuple(cell if cell == GREY else sparse[r // step][c // step] for c, cell in enumerate(row))
                 for r, row in enumerate(I))
