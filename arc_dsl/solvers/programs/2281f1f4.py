from arc_dsl import *


def solve(I):
    # Grey marks on the top row and the right column are crossed: every crossing becomes red.
    last_column = width(I) - 1
    columns = [c for c in range(last_column) if I[0][c] == GREY]
    rows = [r for r in range(1, height(I)) if I[r][last_column] == GREY]
    crossings = cartesian_product(rows, columns)
    return fill(I, RED, crossings)
