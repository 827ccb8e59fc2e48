from arc_dsl import *


def solve(I):
    # Output the blue rectangle that holds the most red cells.
    rectangles = compartments(I, BLACK)
    return subgrid(I, argmax(rectangles, lambda rectangle: colour_count(rectangle, RED)))
