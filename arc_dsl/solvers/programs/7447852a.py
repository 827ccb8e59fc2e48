from arc_dsl import *


def solve(I):
    # Counting the black pockets between the red zigzag from the left, every third one turns yellow.
    pockets = colour_filter(objects(I, without_background=False), BLACK)
    ordered = sort_by(pockets, lambda pocket: centre_of_mass(pocket)[1])
    return fill(I, YELLOW, merge(ordered[::3]))
