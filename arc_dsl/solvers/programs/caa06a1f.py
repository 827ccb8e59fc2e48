from arc_dsl import *


def solve(I):
    # The repeating pattern is extended over the whole grid, shifted one column to the left.
    filler = colour_at(I, lower_right_corner(all_indices(I)))
    pattern = subgrid(I, difference(all_indices(I), indices_of_colour(I, filler)))
    pattern_object = as_object(pattern)
    unit = crop(pattern, ORIGIN, (vertical_period(pattern_object), horizontal_period(pattern_object)))
    covering = tile(unit, height(I) // height(unit) + 1, width(I) // width(unit) + 2)
    return crop(covering, RIGHT, shape(I))
