from arc_dsl import *


def solve(I):
    # Cut out the big single-coloured rectangle and draw a full row and column line through each odd-coloured dot inside it.
    blob = to_indices(argmax(objects(I, without_background=False), size))
    # Stray same-coloured cells touching the rectangle fill only a few cells of their row or column.
    row_counts = {row: sum(1 for r, _ in blob if r == row) for row, _ in blob}
    column_counts = {column: sum(1 for _, c in blob if c == column) for _, column in blob}
    rows = [row for row, count in row_counts.items() if 2 * count > max(row_counts.values())]
    columns = [column for column, count in column_counts.items() if 2 * count > max(column_counts.values())]
    rectangle = crop(I, (min(rows), min(columns)), (len(rows), len(columns)))
    dot_colour = least_common_colour(rectangle)
    lines = apply_and_merge(lambda dot: combine(horizontal_line_through(dot), vertical_line_through(dot)), indices_of_colour(rectangle, dot_colour))
    return fill(rectangle, dot_colour, lines)
