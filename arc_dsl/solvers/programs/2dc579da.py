from arc_dsl import *


def solve(I):
    # The dividing cross cuts the grid into four; the quarter holding the odd cell is the answer.
    divider = colour_of(first(uniform_lines(I)))
    odd_room = argmax(compartments(I, divider), number_of_colours)
    return subgrid(I, odd_room)
