from arc_dsl import *


def solve(I):
    # Every black region that touches a blue cell is flooded blue.
    black_regions = colour_filter(objects(I, without_background=False), BLACK)
    blue = indices_of_colour(I, BLUE)
    flooded = merge_filtered(black_regions, lambda region: is_adjacent(region, blue))
    return fill(I, BLUE, flooded)
