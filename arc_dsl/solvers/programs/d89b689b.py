from arc_dsl import *


def solve(I):
    # The four dots jump onto the azure square, each to the square cell nearest to it.
    square = first(colour_filter(objects(I), AZURE))
    dots = difference(objects(I), singleton(square))
    O = canvas(BLACK, shape(I))
    for dot in dots:
        target = argmin(to_indices(square), compose(bind_right(manhattan_distance, dot), singleton))
        O = fill(O, colour_of(dot), singleton(target))
    return O
