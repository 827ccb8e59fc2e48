from arc_dsl import *


def solve(I):
    # The shape in the top-left compartment is traced in the divider colour into every other compartment.
    divider = colour_of(first(uniform_lines(I)))
    side = (width(I) - 2) // 3
    template = indices_of_colour(crop(I, ORIGIN, make_point(side, side)), BLACK)
    shape_points = difference(all_indices(crop(I, ORIGIN, make_point(side, side))), template)
    O = I
    for top in range(0, height(I), side + 1):
        for left in range(0, width(I), side + 1):
            traced = keep_if(shift(shape_points, make_point(top, left)), lambda point: colour_at(I, point) == BLACK)
            O = fill(O, divider, traced)
    return O
