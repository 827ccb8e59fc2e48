from arc_dsl import *


def solve(I):
    # The grey pieces inside the red brackets are mirrored out over the nearest bracket's outer edge.
    brackets = objects(I, diagonal=True) - colour_filter(objects(I, diagonal=True), GREY)
    O = fill(I, BLACK, indices_of_colour(I, GREY))
    for point in indices_of_colour(I, GREY):
        bracket = argmin(brackets, bind_right(manhattan_distance, singleton(point)))
        r, c = point
        if width(bracket) > height(bracket):
            axis = uppermost(bracket) if r > lowermost(bracket) else lowermost(bracket)
            mirrored = make_point(2 * axis - r, c)
        else:
            axis = leftmost(bracket) if c > rightmost(bracket) else rightmost(bracket)
            mirrored = make_point(r, 2 * axis - c)
        O = fill(O, GREY, singleton(mirrored))
    return O
