from arc_dsl import *


def solve(I):
    # The grid doubles in width, its repeating pattern continuing to the right.
    period = horizontal_period(as_object(I))
    return tuple(tuple(row[column % period] for column in range(2 * width(I))) for row in I)
