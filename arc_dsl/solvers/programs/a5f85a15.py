from arc_dsl import *


def solve(I):
    # Along every diagonal line, every second cell turns yellow.
    O = I
    for line in objects(I, diagonal=True):
        cells = sort_by(to_indices(line), identity)
        O = fill(O, YELLOW, frozenset(cells[1::2]))
    return O
