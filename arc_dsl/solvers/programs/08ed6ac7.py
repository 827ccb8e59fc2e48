from arc_dsl import *


def solve(I):
    # Bars are coloured by height rank: tallest blue, then red, green, yellow.
    bars = sort_by(objects(I), compose(negate, size))
    O = I
    for rank, bar in enumerate(bars):
        O = paint(O, recolour(bar, rank + 1))
    return O
