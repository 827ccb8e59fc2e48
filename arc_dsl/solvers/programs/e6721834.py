from arc_dsl import *


def solve(I):
    # Shapes from the busy half are laid on the plain half so their marker cells cover its markers.
    halves = split_top_bottom(I, 2) if is_portrait(I) else split_left_right(I, 2)

    def clutter(half):
        return size(cells_except(half, most_common_colour(half)))

    source, target = sort_by(halves, clutter)[::-1]

    def markers_of(piece):
        return keep_if(piece, lambda cell: cell[0] != most_common_colour(piece))

    # Shapes with more markers claim their spots first; a spot is used once.
    pieces = sort_by(objects(source, univalued=False), compose(size, markers_of))[::-1]
    claimed = frozenset()
    O = target
    for piece in pieces:
        markers = markers_of(piece)
        for spot in sort_by(occurrences(target, markers), identity):
            offset = subtract(spot, upper_left_corner(markers))
            if not intersection(to_indices(shift(markers, offset)), claimed):
                claimed = combine(claimed, to_indices(shift(markers, offset)))
                O = paint(O, shift(piece, offset))
    return O
