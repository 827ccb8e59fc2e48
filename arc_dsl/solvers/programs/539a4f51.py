from arc_dsl import *


def solve(I):
    # The nested L bands (colours down the diagonal, black dropped) repeat over a grid twice as large.
    bands = [I[index][index] for index in range(height(I)) if I[index][index] != BLACK]
    side = double(height(I))
    return tuple(tuple(bands[max(row, column) % len(bands)] for column in range(side)) for row in range(side))
