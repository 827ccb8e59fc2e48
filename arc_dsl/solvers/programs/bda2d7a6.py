from arc_dsl import *


def solve(I):
    # Each colour of the nested rings is replaced by the colour of the ring just outside its first ring, the outermost taking the innermost's.
    ring_colours = unique(tuple(I[depth][depth] for depth in range(height(I) // 2)))
    previous = {colour: ring_colours[index - 1] for index, colour in enumerate(ring_colours)}
    return tuple(tuple(previous[colour] for colour in row) for row in I)
