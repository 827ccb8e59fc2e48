from arc_dsl import *


def solve(I):
    # Red cells grow a line up to the grey wall; blue cells grow a line away from it to the grid edge.
    wall_row = uppermost(indices_of_colour(I, GREY))
    O = I
    for row, column in indices_of_colour(I, RED):
        end_row = wall_row - sign(wall_row - row)
        O = fill(O, RED, line_between((row, column), (end_row, column)))
    for row, column in indices_of_colour(I, BLUE):
        end_row = branch(row < wall_row, 0, height(I) - 1)
        O = fill(O, BLUE, line_between((row, column), (end_row, column)))
    return O
