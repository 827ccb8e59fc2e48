from arc_dsl import *


def solve(I):
    # Each grey-walled room is filled with its centre colour plus five.
    rooms = compartments(I, GREY)
    recoloured = apply(lambda room: recolour(room, maximum(palette(room)) + 5), rooms)
    return paint(I, merge(recoloured))
