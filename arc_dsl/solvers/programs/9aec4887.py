from arc_dsl import *


def solve(I):
    # The azure shape moves inside the four-sided frame, and each of its cells takes the colour of the side strictly nearest to it.
    sides = merge(keep_if(objects(I), lambda obj: colour_of(obj) != AZURE))
    frame = subgrid(I, sides)
    bottom_row, right_column = subtract(shape(frame), UNITY)
    side_colours = (frame[0][1], frame[bottom_row][1], frame[1][0], frame[1][right_column])
    shape_cells = shift(normalise(indices_of_colour(I, AZURE)), UNITY)
    O = frame
    for row, column in shape_cells:
        distances = (row, bottom_row - row, column, right_column - column)
        nearest = min(distances)
        colour = branch(distances.count(nearest) == 1, side_colours[distances.index(nearest)], AZURE)
        O = fill(O, colour, {(row, column)})
    return O
