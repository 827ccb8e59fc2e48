from arc_dsl import *


def solve(I):
    # Each grey dot slides straight or diagonally toward the red square until it touches it, at an edge or a corner.
    square = indices_of_colour(I, RED)
    O = I
    for dot in indices_of_colour(I, GREY):
        row_step = 0 if shares_row({dot}, square) else sign(uppermost(square) - dot[0])
        column_step = 0 if shares_column({dot}, square) else sign(leftmost(square) - dot[1])
        position = dot
        while not intersection(neighbours(position), square):
            position = add(position, (row_step, column_step))
        O = fill(fill(O, BLACK, {dot}), GREY, {position})
    return O
