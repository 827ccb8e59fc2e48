from arc_dsl import *


def solve(I):
    # The nested rectangles are redrawn as rings one cell thick.
    layers = sort_by(objects(I, without_background=False), compose(size, bounding_box_indices))[::-1]
    side = 2 * len(layers) - 1
    O = canvas(BLACK, make_point(side, side))
    for depth, layer in enumerate(layers):
        corners = frozenset({make_point(depth, depth), make_point(side - 1 - depth, side - 1 - depth)})
        O = fill(O, colour_of(layer), bounding_box_indices(corners))
    return O
