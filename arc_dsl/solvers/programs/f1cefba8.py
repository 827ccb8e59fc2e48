from arc_dsl import *


def solve(I):
    # Each notch in the frame sends a line across: frame colour inside the block, block colour outside the frame.
    figure = cells_except(I, BLACK)
    frame_colour = colour_at(I, upper_left_corner(figure))
    inner_colour = other(palette(figure), frame_colour)
    inner = indices_of_colour(I, inner_colour)
    # The block's rows and columns are those holding at least the usual number of block cells.
    row_counts = {r: sum(1 for q, _ in inner if q == r) for r, _ in inner}
    column_counts = {c: sum(1 for _, q in inner if q == c) for _, c in inner}
    core_rows = {r for r, n in row_counts.items() if n >= most_common(tuple(row_counts.values()))}
    core_columns = {c for c, n in column_counts.items() if n >= most_common(tuple(column_counts.values()))}
    notches = [(r, c) for r, c in inner if r not in core_rows or c not in core_columns]
    O = I
    for r, c in notches:
        line = horizontal_line_through((r, c)) if r in core_rows else vertical_line_through((r, c))
        for point in line:
            if colour_at(I, point) is not None:
                O = fill(O, inner_colour if colour_at(I, point) == BLACK else frame_colour, singleton(point))
    return O
