from arc_dsl import *


def solve(I):
    # Coloured crossings of the grid lines form a lattice; each square whose four corners share a colour
    # becomes that colour in the small output, other squares black.
    line_colour = most_common(tuple(value for row in I for value in row if value != BLACK))
    marks = difference(difference(all_indices(I), indices_of_colour(I, BLACK)), indices_of_colour(I, line_colour))
    line_rows = [r for r in range(uppermost(marks), lowermost(marks) + 1) if BLACK not in I[r]]
    line_columns = [c for c in range(leftmost(marks), rightmost(marks) + 1) if all(row[c] != BLACK for row in I)]
    def square_colour(i, j):
        corners = {I[r][c] for r in line_rows[i:i + 2] for c in line_columns[j:j + 2]}
        only = first(corners)
        return only if len(corners) == 1 and only != line_colour else BLACK
    return tuple(tuple(square_colour(i, j) for j in range(len(line_columns) - 1)) for i in range(len(line_rows) - 1))
