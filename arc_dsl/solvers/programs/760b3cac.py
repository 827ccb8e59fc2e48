from arc_dsl import *


def solve(I):
    # The azure shape is mirrored sideways, toward the side the yellow shape's top points to.
    azure = indices_of_colour(I, AZURE)
    yellow = indices_of_colour(I, YELLOW)
    top_cell = first(keep_if(yellow, lambda point: point[0] == uppermost(yellow)))
    side = sign(top_cell[1] - centre(yellow)[1])
    mirrored = shift(mirror_vertical(azure), (0, side * width(azure)))
    return fill(I, AZURE, mirrored)
