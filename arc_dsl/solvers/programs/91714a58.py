from arc_dsl import *


def solve(I):
    # Only the solid rectangle survives the noise: the cells covered by single-coloured 2x2 squares.
    def square_at(corner):
        return bounding_box_indices({corner, add(corner, UNITY)})
    def is_solid(corner):
        colours = {colour_at(I, point) for point in square_at(corner)}
        return len(colours) == 1 and BLACK not in colours and None not in colours
    rectangle = apply_and_merge(square_at, keep_if(all_indices(I), is_solid))
    return paint(canvas(BLACK, shape(I)), to_object(I, rectangle))
