from arc_dsl import *


def solve(I):
    # Black regions enclosed by green (not touching the border) become yellow.
    regions = colour_filter(objects(I, without_background=False), BLACK)
    enclosed = keep_if(regions, lambda region: not is_bordering(region, I))
    return fill(I, YELLOW, merge(enclosed))
