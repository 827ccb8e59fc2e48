from arc_dsl import *


def solve(I):
    # Every black hole in a colour band becomes a black line across that band, perpendicular to the band's length.
    bands = keep_if(objects(I, without_background=False), lambda band: colour_of(band) != BLACK)
    holes = indices_of_colour(I, BLACK)
    O = I
    for band in bands:
        box = bounding_box_indices(band)
        across = branch(width(band) == width(I), vertical_line_through, horizontal_line_through)
        for hole in intersection(holes, box):
            O = fill(O, BLACK, intersection(across(hole), box))
    return O
