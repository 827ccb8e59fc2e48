from arc_dsl import *


def solve(I):
    # The two halves above and below the yellow line are overlaid: cells red in exactly one half become green.
    top, bottom = split_top_bottom(I, 2)
    differences = cellwise_match(top, bottom, GREEN)
    return replace_colour(differences, RED, BLACK)
