from arc_dsl import *


def solve(I):
    # Every cell not of the most common colour becomes grey.
    majority = indices_of_colour(I, most_common_colour(I))
    return fill(I, GREY, difference(all_indices(I), majority))
