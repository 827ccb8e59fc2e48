from arc_dsl import *


def solve(I):
    # Where the horizontal and vertical bands cross, the band underneath comes to the top.
    full_rows = {row for row in range(height(I)) if BLACK not in I[row]}
    full_columns = {column for column in range(width(I)) if all(line[column] != BLACK for line in I)}
    crossing = cartesian_product(full_rows, full_columns)
    top_colour = colour_at(I, first(crossing))
    under_colour = other(remove(BLACK, palette(I)), top_colour)
    return fill(I, under_colour, crossing)
