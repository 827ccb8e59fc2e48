from arc_dsl import *


def solve(I):
    # The colours of the nested rings are reversed: the outermost ring takes the innermost ring's colour and so on.
    ring_colours = tuple(I[depth][depth] for depth in range(height(I) // 2))
    reversed_colour = dict(zip(ring_colours, ring_colours[::-1], strict=True))
    return tuple(tuple(reversed_colour[colour] for colour in row) for row in I)
