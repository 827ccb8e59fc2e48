from arc_dsl import *


def solve(I):
    # Black lines split the grid into blocks; output each block's colour in a small grid.
    def bands(lines):
        groups, current = [], []
        for index, line in enumerate(lines):
            if all(value == BLACK for value in line):
                if current:
                    groups.append(current)
                current = []
            else:
                current.append(index)
        return groups + [current] if current else groups
    row_bands = bands(I)
    column_bands = bands(mirror_diagonal(I))
    def block_colour(rows, columns):
        return most_common(tuple(I[r][c] for r in rows for c in columns if I[r][c] != BLACK))
    return tuple(tuple(block_colour(rows, columns) for columns in column_bands) for rows in row_bands)
