from arc_dsl import *


def solve(I):
    # Of the four corner blocks, the one drawn in a colour of its own is cut out.
    coloured = keep_if(partition(I), lambda part: colour_of(part) != BLACK)
    odd_one = argmin(coloured, size)
    return subgrid(I, odd_one)
