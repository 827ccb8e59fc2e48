from arc_dsl import *


def solve(I):
    # The 3x3 block pattern is drawn inside itself: each grey block becomes a copy of the whole pattern.
    grey = indices_of_colour(I, GREY)
    pattern = downscale(subgrid(I, grey), height(grey) // 3)
    return tuple(tuple(GREY if pattern[r // 3][c // 3] == GREY and pattern[r % 3][c % 3] == GREY else BLACK
                       for c in range(9)) for r in range(9))
