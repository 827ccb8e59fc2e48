from arc_dsl import *


def solve(I):
    # An azure path joins the red cell to the green cell: along the red cell's row, then along the green cell's column.
    red_row, red_column = first(indices_of_colour(I, RED))
    green_row, green_column = first(indices_of_colour(I, GREEN))
    bend = make_point(red_row, green_column)
    path = combine(line_between((red_row, red_column), bend), line_between(bend, (green_row, green_column)))
    return underfill(I, AZURE, path)
