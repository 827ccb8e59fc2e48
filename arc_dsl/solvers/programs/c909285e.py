from arc_dsl import *


def solve(I):
    # The square framed in the rarest colour is cut out, frame included.
    frame = indices_of_colour(I, least_common_colour(I))
    return subgrid(I, frame)
