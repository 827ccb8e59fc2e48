from arc_dsl import *


def solve(I):
    # The shape elsewhere that matches the shape in the grey-fenced corner turns grey.
    shapes = keep_if(objects(I), lambda obj: colour_of(obj) != GREY)
    corner_shape = argmin(shapes, lambda obj: add(*lower_right_corner(obj)))
    def same_form(obj):
        return obj != corner_shape and normalise(to_indices(obj)) == normalise(to_indices(corner_shape))
    return fill(I, GREY, merge(keep_if(shapes, same_form)))
