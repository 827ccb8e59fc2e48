from arc_dsl import *


def solve(I):
    # The three panels are overlaid: the left one on top, then the middle, then the right.
    left, middle, right = split_left_right(I, 3)
    O = right
    for panel in (middle, left):
        coloured = difference(as_object(panel), recolour(indices_of_colour(panel, BLACK), BLACK))
        O = paint(O, coloured)
    return O
