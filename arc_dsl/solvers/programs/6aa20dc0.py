from arc_dsl import *


def solve(I):
    # Wherever the model's corner colours appear as blocks (any scale, turned or mirrored), the model's body
    # is drawn around them at that scale and orientation.
    model = argmax(objects(I, univalued=False, diagonal=True), number_of_colours)
    body_colour = most_common_colour(model)
    marker_colours = remove(body_colour, palette(model))
    scales = {height(obj) for obj in objects(I) if colour_of(obj) in marker_colours}
    turns = (identity, rotate_90, rotate_180, rotate_270, mirror_horizontal, mirror_vertical, mirror_diagonal, mirror_antidiagonal)
    drawn = []
    for turn in turns:
        for scale in scales:
            big = as_object(upscale(turn(subgrid(I, model)), scale))
            markers = keep_if(big, lambda cell: cell[0] in marker_colours)
            body = keep_if(big, lambda cell: cell[0] == body_colour)
            for corner in occurrences(I, normalise(markers)):
                drawn.append(shift(body, subtract(corner, upper_left_corner(markers))))
    return paint(I, merge(drawn))
