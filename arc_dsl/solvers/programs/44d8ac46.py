from arc_dsl import *


def solve(I):
    # Enclosed black holes that are perfect squares are filled red.
    holes = colour_filter(objects(I, without_background=False), BLACK)
    enclosed = keep_if(holes, lambda hole: not is_bordering(hole, I))
    squares = keep_if(enclosed, is_square)
    return fill(I, RED, merge(squares))
