from arc_dsl import *


def solve(I):
    # The output is the largest shape cropped to its bounding box.
    largest = argmax(objects(I), size)
    return subgrid(I, largest)
