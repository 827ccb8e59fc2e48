from arc_dsl import *


def solve(I):
    # Black areas enclosed by the lines turn red; the open background turns green.
    regions = colour_filter(objects(I, without_background=False), BLACK)
    enclosed = keep_if(regions, lambda region: not is_bordering(region, I))
    return replace_colour(fill(I, RED, merge(enclosed)), BLACK, GREEN)
