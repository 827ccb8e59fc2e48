from arc_dsl import *


def solve(I):
    # Loose dots that match a full line's colour slide up against that line; the other dots vanish.
    background = most_common_colour(I)
    lines = keep_if(uniform_lines(I), lambda line: colour_of(line) != background)
    on_lines = to_indices(merge(lines))
    dots = [frozenset({cell}) for cell in as_object(I) if cell[0] != background and cell[1] not in on_lines]
    O = erase(I, merge(dots))
    for dot in dots:
        matching = colour_filter(lines, colour_of(dot))
        if matching:
            O = paint(O, shift(dot, gravitate_offset(dot, first(matching))))
    return O
