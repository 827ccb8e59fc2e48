from arc_dsl import *


def solve(I):
    # The small pattern outside the yellow-cornered frame is enlarged and placed inside it so it covers the enlarged pieces already there.
    corners = indices_of_colour(I, YELLOW)
    frame = subgrid(I, corners)
    coloured = difference(all_indices(I), indices_of_colour(I, BLACK))
    pattern = normalise(to_object(I, difference(coloured, bounding_box_indices(corners))))
    pieces = keep_if(as_object(frame), lambda cell: cell[0] not in (BLACK, YELLOW))
    for factor in range(1, height(frame)):
        enlarged = upscale(pattern, factor)
        for offset in sort_by(all_indices(frame), identity):
            placed = shift(enlarged, offset)
            if pieces <= placed:
                return paint(frame, placed)
    return frame
