from arc_dsl import *


def solve(I):
    # The red sticks rise in their columns until they meet the blue shape from below.
    O = replace_colour(I, RED, BLACK)
    for column in range(width(I)):
        cells = [I[r][column] for r in range(height(I))]
        count = cells.count(RED)
        if count:
            top = max(r for r, colour in enumerate(cells) if colour == BLUE) + 1
            O = fill(O, RED, line_between(make_point(top, column), make_point(top + count - 1, column)))
    return O
