from arc_dsl import *


def solve(I):
    # Every all-black row and column is painted red.
    empty_lines = colour_filter(uniform_lines(I), BLACK)
    return fill(I, RED, merge(empty_lines))
