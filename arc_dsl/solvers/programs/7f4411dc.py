from arc_dsl import *


def solve(I):
    # Stray pixels vanish: only cells with at least two same-coloured neighbours (the rectangles) stay.
    kept = keep_if(as_object(I), lambda cell: sum(colour_at(I, point) == cell[0] for point in direct_neighbours(cell[1])) >= 2)
    return paint(canvas(BLACK, shape(I)), keep_if(kept, lambda cell: cell[0] != BLACK))
