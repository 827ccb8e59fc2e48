from arc_dsl import *


def solve(I):
    # Output the azure-and-blue square with the most blue cells.
    squares = objects(I, univalued=False)
    return subgrid(I, argmax(squares, lambda square: colour_count(square, BLUE)))
