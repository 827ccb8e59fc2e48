from arc_dsl import *


def solve(I):
    # Of the three stacked blocks, output the one that is not symmetric about its diagonal.
    blocks = split_top_bottom(I, 3)
    return first_match(blocks, lambda block: block != mirror_diagonal(block))
