from arc_dsl import *


def solve(I):
    # Each cell gets a frame: green cells magenta, azure cells yellow, red cells blue.
    frame_colour = {GREEN: MAGENTA, AZURE: YELLOW, RED: BLUE}
    O = I
    for cell in objects(I):
        O = fill(O, frame_colour[colour_of(cell)], outer_box_outline(cell))
    return O
