from arc_dsl import *


def solve(I):
    # The azure shape moves down one row and turns red.
    shape_object = first(objects(I))
    return paint(erase(I, shape_object), shift(recolour(shape_object, RED), DOWN))
