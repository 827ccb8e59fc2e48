from arc_dsl import *


def solve(I):
    # Red dots become full columns; green and blue dots then become full rows drawn over them.
    O = fill(I, RED, apply_and_merge(vertical_line_through, indices_of_colour(I, RED)))
    for colour in (GREEN, BLUE):
        O = fill(O, colour, apply_and_merge(horizontal_line_through, indices_of_colour(I, colour)))
    return O
