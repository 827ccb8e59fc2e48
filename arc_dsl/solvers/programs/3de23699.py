from arc_dsl import *


def solve(I):
    # The drawing between the four corner markers is cut out and recoloured in the markers' colour.
    markers = first_match(foreground_partition(I), lambda part: size(part) == 4 and corner_indices(part) == to_indices(part))
    inside = trim(subgrid(I, markers))
    drawing_colour = first(remove(BLACK, palette(inside)))
    return replace_colour(inside, drawing_colour, colour_of(markers))
