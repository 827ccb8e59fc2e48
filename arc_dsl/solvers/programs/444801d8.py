from arc_dsl import *


def solve(I):
    # Each blue cup fills up with the colour of the dot inside it, overflowing into the row above.
    O = I
    for cup in colour_filter(objects(I), BLUE):
        inside = bounding_box_delta(cup)
        colour = first(remove(BLACK, palette(to_object(I, inside))))
        above = line_between(add(upper_left_corner(cup), UP), add(upper_right_corner(cup), UP))
        O = fill(O, colour, combine(inside, above))
    return O
