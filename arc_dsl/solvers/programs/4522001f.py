from arc_dsl import *


def solve(I):
    # Two diagonal 4x4 green squares on a 9x9 grid, starting in the corner the green block points to.
    red = first(indices_of_colour(I, RED))
    green_corner = first(intersection(indices_of_colour(I, GREEN), diagonal_neighbours(red)))
    direction = subtract(green_corner, red)
    first_corner = multiply(halve(add(direction, 1)), 5)
    second_corner = subtract(first_corner, multiply(direction, 4))
    square = bounding_box_indices({ORIGIN, (3, 3)})
    squares = combine(shift(square, first_corner), shift(square, second_corner))
    return fill(canvas(BLACK, (9, 9)), GREEN, squares)
