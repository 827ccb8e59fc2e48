from arc_dsl import *


def solve(I):
    # The hollow frame is drawn again around every other black rectangle of exactly the size of its inside.
    frame = first_match(objects(I), lambda obj: height(obj) > 2 and width(obj) > 2 and to_indices(obj) == box_outline(obj))
    inside = bounding_box_delta(frame)
    black_patch = recolour(normalise(inside), BLACK)
    elsewhere = remove(upper_left_corner(inside), occurrences(I, black_patch))
    new_frames = apply_and_merge(lambda corner: outer_box_outline(shift(inside, subtract(corner, upper_left_corner(inside)))), elsewhere)
    return fill(I, colour_of(frame), new_frames)
