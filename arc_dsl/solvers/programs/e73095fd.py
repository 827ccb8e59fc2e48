from arc_dsl import *


def solve(I):
    # Black rectangles enclosed by a closed grey box (the box's walls end at its corners) are filled with yellow.
    def is_room(region):
        walls = outer_box_outline(region)
        sides = difference(walls, corner_indices(walls))
        beyond_corners = intersection(
            outer_box_outline(walls), apply_and_merge(direct_neighbours, corner_indices(walls))
        )
        is_rectangle = size(bounding_box_delta(region)) == 0
        walled = all(colour_at(I, p) in (GREY, None) for p in sides)
        closed = all(colour_at(I, p) != GREY for p in beyond_corners)
        return is_rectangle and walled and closed

    rooms = keep_if(colour_filter(objects(I, without_background=False), BLACK), is_room)
    return fill(I, YELLOW, merge(rooms))
