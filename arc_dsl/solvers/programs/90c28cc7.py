from arc_dsl import *


def solve(I):
    # The patchwork of coloured blocks shrinks to one cell per block.
    blocks = subgrid(I, merge(objects(I, univalued=False)))
    rows = tuple(row for index, row in enumerate(blocks) if index == 0 or row != blocks[index - 1])
    columns = mirror_diagonal(rows)
    kept = tuple(column for index, column in enumerate(columns) if index == 0 or column != columns[index - 1])
    return mirror_diagonal(kept)
