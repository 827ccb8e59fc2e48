from arc_dsl import *


def solve(I):
    # The cross moves one cell left and one cell down per grey cell in the corner, which disappears.
    steps = colour_count(I, GREY)
    cross = argmax(objects(I), size)
    row = most_common(tuple(point[0] for point in to_indices(cross)))
    column = most_common(tuple(point[1] for point in to_indices(cross)))
    lines = combine(
        horizontal_line_through(make_point(row + steps, 0)),
        vertical_line_through(make_point(0, column - steps)),
    )
    return fill(canvas(BLACK, shape(I)), colour_of(cross), lines)
