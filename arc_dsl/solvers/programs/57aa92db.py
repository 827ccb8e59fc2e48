from arc_dsl import *


def solve(I):
    # Each two-colour piece grows into the model shape, scaled to its size, anchored on the shared key colour.
    pieces = keep_if(objects(I, univalued=False), lambda obj: number_of_colours(obj) > 1)
    key = first_match(sorted(palette(first(pieces))), lambda colour: all(contains(palette(piece), colour) for piece in pieces))
    model = argmax(pieces, lambda piece: size(piece) // colour_count(piece, key))
    key_cell = first(to_indices(keep_if(model, lambda cell: cell[0] == key)))
    body = to_indices(keep_if(model, lambda cell: cell[0] != key))
    grown = []
    for piece in remove(model, pieces):
        key_part = to_indices(keep_if(piece, lambda cell: cell[0] == key))
        scale, anchor = height(key_part), upper_left_corner(key_part)
        colour = first(remove(key, palette(piece)))
        for point in body:
            corner = add(anchor, multiply(subtract(point, key_cell), scale))
            grown.append(recolour(bounding_box_indices({corner, add(corner, scale - 1)}), colour))
    return paint(I, merge(grown))
