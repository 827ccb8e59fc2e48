from arc_dsl import *


def solve(I):
    # The blue pattern keeps repeating downward to one and a half times its height, turned red.
    period = vertical_period(as_object(I))
    rows = [I[index % period] for index in range(height(I) * 3 // 2)]
    return replace_colour(tuple(rows), BLUE, RED)
