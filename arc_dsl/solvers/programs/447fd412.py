from arc_dsl import *


def solve(I):
    # The blue part of the model is redrawn, scaled to the size of the red markers, wherever red blocks
    # sit in the same arrangement as the model's red cells.
    model = first_match(objects(I, univalued=False), lambda obj: contains(palette(obj), BLUE))
    marks = sort_by(to_indices(keep_if(model, lambda cell: cell[0] == RED)), identity)
    body = to_indices(keep_if(model, lambda cell: cell[0] == BLUE))
    red = indices_of_colour(I, RED)

    def square_for(point, block):
        # The model cell `point` seen at the scale and place of a red block standing for the first mark.
        corner = add(upper_left_corner(block), multiply(subtract(point, marks[0]), height(block)))
        return bounding_box_indices({corner, add(corner, height(block) - 1)})

    drawn = []
    for block in colour_filter(objects(I), RED):
        if all(square_for(mark, block) <= red for mark in marks):
            drawn.extend(square_for(point, block) for point in body)
    return underfill(I, BLUE, merge(drawn))
