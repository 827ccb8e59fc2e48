from arc_dsl import *


def solve(I):
    # Each lone red or green dot gets a copy of the pattern built around that colour; red copies are mirrored.
    pieces = objects(I, univalued=False, diagonal=True)
    templates = keep_if(pieces, lambda piece: size(piece) > 1)
    O = I
    for dot in size_filter(pieces, 1):
        anchor_colour = colour_of(dot)
        template = first(piece for piece in templates if anchor_colour in palette(piece))
        anchor = first(point for colour, point in template if colour == anchor_colour)
        for colour, (r, c) in template:
            dr, dc = subtract(make_point(r, c), anchor)
            target = add(upper_left_corner(dot), make_point(dr, -dc if anchor_colour == RED else dc))
            O = fill(O, colour, frozenset({target}))
    return O
