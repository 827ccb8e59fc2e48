from arc_dsl import *


def solve(I):
    # The azure and red segments extend across the whole grid, and they cross on a yellow cell.
    azure_line = vertical_line_through(first(indices_of_colour(I, AZURE)))
    red_line = horizontal_line_through(first(indices_of_colour(I, RED)))
    O = fill(fill(I, AZURE, azure_line), RED, red_line)
    return fill(O, YELLOW, intersection(azure_line, red_line))
