from arc_dsl import *


def solve(I):
    # Each framed square swaps its two colours and grows side bands of the frame colour, as thick as its core.
    O = I
    for square in objects(I, univalued=False):
        frame_colour = colour_at(I, upper_left_corner(square))
        core_colour = other(palette(square), frame_colour)
        core = difference(to_indices(square), box_outline(square))
        O = fill(fill(O, core_colour, box_outline(square)), frame_colour, core)
        for direction in (UP, DOWN, LEFT, RIGHT):
            for distance in range(1, width(core) + 1):
                O = underfill(O, frame_colour, shift(to_indices(square), multiply(direction, distance)))
    return O
