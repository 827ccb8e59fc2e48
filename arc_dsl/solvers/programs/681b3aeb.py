from arc_dsl import *


def solve(I):
    # The two shapes fit together like puzzle pieces into a full square.
    pieces = objects(I)
    side = round(size(merge(pieces)) ** 0.5)
    square = bounding_box_indices({ORIGIN, (side - 1, side - 1)})
    def placements(piece):
        return [shift(normalise(piece), (r, c)) for r in range(side - height(piece) + 1) for c in range(side - width(piece) + 1)]
    piece_a, piece_b = sort_by(pieces, size)
    layouts = [combine(a, b) for a in placements(piece_a) for b in placements(piece_b)]
    fitted = first_match(layouts, lambda layout: to_indices(layout) == square)
    return paint(canvas(BLACK, (side, side)), fitted)
