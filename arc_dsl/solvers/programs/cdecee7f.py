from arc_dsl import *


def solve(I):
    # The coloured dots, read left to right, fill a 3x3 grid in a snake (the middle row runs backwards).
    dots = sort_by(as_object(I), lambda cell: (cell[1][1], cell[1][0]))
    colours = [colour for colour, point in dots if colour != BLACK]
    colours += [BLACK] * (9 - len(colours))
    rows = [colours[0:3], colours[3:6][::-1], colours[6:9]]
    return tuple(tuple(row) for row in rows)
