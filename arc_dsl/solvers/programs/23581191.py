from arc_dsl import *


def solve(I):
    # Each dot shoots a full cross in its colour; where the two crosses meet the cell is red.
    O = I
    crosses = []
    for dot in objects(I):
        point = first(to_indices(dot))
        cross = combine(horizontal_line_through(point), vertical_line_through(point))
        crosses.append(cross)
        O = fill(O, colour_of(dot), cross)
    return fill(O, RED, intersection(crosses[0], crosses[1]))
