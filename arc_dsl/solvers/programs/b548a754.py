from arc_dsl import *


def solve(I):
    # The two-coloured box stretches until it reaches the azure dot, keeping its border and filling.
    dot = indices_of_colour(I, AZURE)
    box = argmax(objects(I, univalued=False), size)
    stretched = bounding_box_indices(combine(to_indices(box), dot))
    border_colour = colour_at(I, upper_left_corner(box))
    inside_colour = colour_at(I, add(upper_left_corner(box), UNITY))
    O = fill(I, inside_colour, stretched)
    return fill(O, border_colour, box_outline(stretched))
