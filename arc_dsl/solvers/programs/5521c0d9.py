from arc_dsl import *


def solve(I):
    # Every block rises by its own height.
    blocks = objects(I)
    raised = apply(lambda block: shift(block, (-height(block), 0)), blocks)
    return paint(canvas(BLACK, shape(I)), merge(raised))
