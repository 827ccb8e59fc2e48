from arc_dsl import *


def solve(I):
    # Azure dots are joined to their red bar and turn yellow; the other bar sends full lines on the same rows.
    bars = colour_filter(objects(I), RED)
    dots = indices_of_colour(I, AZURE)
    near_bar = first_match(bars, lambda bar: shares_row(bar, dots))
    far_bar = other(bars, near_bar)
    offset = uppermost(far_bar) - uppermost(near_bar)
    near_column = leftmost(near_bar)
    links = merge([line_between((row, near_column), (row, column)) for row, column in dots])
    far_rows = merge([horizontal_line_through((row + offset, 0)) for row, _ in dots])
    grid = underfill(I, AZURE, combine(links, far_rows))
    return fill(grid, YELLOW, dots)
