from arc_dsl import *


def solve(I):
    # The contents of the big rectangular frame are cut out.
    frame = argmax(objects(I), size)
    return trim(subgrid(I, frame))
