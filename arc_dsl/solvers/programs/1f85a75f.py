from arc_dsl import *


def solve(I):
    # The one big shape among the scattered dots is cut out.
    return subgrid(I, argmax(objects(I), size))
