from arc_dsl import *


def solve(I):
    # Each grey triangle beside the diagonal line disappears and leaves a parallel line two cells beyond its far side.
    line = first_match(objects(I, diagonal=True), lambda obj: colour_of(obj) != GREY)
    cells = sort_by(to_indices(line), identity)
    step = subtract(cells[1], cells[0])
    O = replace_colour(I, GREY, BLACK)
    for triangle in colour_filter(objects(I), GREY):
        row, column = first(to_indices(triangle))
        line_column = next(point[1] for point in cells if point[0] == row)
        start = add(cells[0], make_point(0, sign(column - line_column) * (width(triangle) + 2)))
        parallel = combine(ray(start, step), ray(start, negate(step)))
        O = fill(O, colour_of(line), parallel)
    return O
