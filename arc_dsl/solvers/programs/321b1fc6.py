from arc_dsl import *


def solve(I):
    # Every azure shape is replaced by a copy of the multicoloured template, which itself disappears.
    template = first_match(objects(I, univalued=False), lambda piece: number_of_colours(piece) > 1)
    O = erase(I, template)
    for placeholder in colour_filter(objects(I), AZURE):
        O = paint(O, shift(normalise(template), upper_left_corner(placeholder)))
    return O
