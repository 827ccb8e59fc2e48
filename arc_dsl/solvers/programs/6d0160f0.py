from arc_dsl import *


def solve(I):
    # The room holding yellow is copied to the room that yellow's position points to; other rooms empty.
    rooms = [split_left_right(band, 3) for band in split_top_bottom(I, 3)]
    source = first_match([room for row in rooms for room in row], lambda room: contains(palette(room), YELLOW))
    target = first(indices_of_colour(source, YELLOW))
    walls = fill(canvas(BLACK, shape(I)), GREY, indices_of_colour(I, GREY))
    return paint(walls, shift(as_object(source), multiply(target, 4)))
