from arc_dsl import *


def solve(I):
    # Each of the nine azure-walled cells becomes blue if it holds two magenta dots, else black.
    bands = split_top_bottom(I, 3)
    cells = [split_left_right(band, 3) for band in bands]
    return tuple(tuple(BLUE if colour_count(cell, MAGENTA) == 2 else BLACK for cell in row) for row in cells)
