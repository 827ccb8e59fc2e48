from arc_dsl import *


def solve(I):
    # The compartments holding the most coloured cells are filled solid; all others are emptied.
    rooms = compartments(I, GREY)
    colour = first(difference(palette(I), frozenset({BLACK, GREY})))
    most = max_value(rooms, bind_right(colour_count, colour))
    O = I
    for room in rooms:
        O = fill(O, colour if colour_count(room, colour) == most else BLACK, room)
    return O
