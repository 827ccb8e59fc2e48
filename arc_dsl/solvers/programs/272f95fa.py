from arc_dsl import *


def solve(I):
    # The azure lines make nine rooms: the middle one turns magenta and the four beside it red, yellow, green and blue.
    rooms = compartments(I, AZURE)
    middle = first_match(rooms, lambda room: not is_bordering(room, I))
    colour_by_side = {UP: RED, LEFT: YELLOW, ORIGIN: MAGENTA, RIGHT: GREEN, DOWN: BLUE}
    O = I
    for room in rooms:
        side = relative_position(middle, room)
        if side in colour_by_side:
            O = fill(O, colour_by_side[side], room)
    return O
