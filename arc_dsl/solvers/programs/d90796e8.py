from arc_dsl import *


def solve(I):
    # A green cell touching a red cell turns azure and the red cell disappears.
    greens = indices_of_colour(I, GREEN)
    reds = indices_of_colour(I, RED)
    paired_greens = keep_if(greens, lambda g: size(intersection(direct_neighbours(g), reds)) > 0)
    paired_reds = keep_if(reds, lambda r: size(intersection(direct_neighbours(r), greens)) > 0)
    return fill(fill(I, AZURE, paired_greens), BLACK, paired_reds)
