from arc_dsl import *


def solve(I):
    # Wherever loose yellow dots repeat the pattern inside the blue box (turned or mirrored) with nothing else
    # around them, a blue box is drawn around them too (clipped at the grid's edge).
    box = first(colour_filter(objects(I), BLUE))
    model = subgrid(I, box)
    dots = indices_of_colour(I, YELLOW)
    turns = (identity, rotate_90, rotate_180, rotate_270, mirror_horizontal, mirror_vertical, mirror_diagonal, mirror_antidiagonal)
    drawn = []
    for turn in turns:
        variant = as_object(turn(model))
        pattern = to_indices(keep_if(variant, lambda cell: cell[0] == YELLOW))
        frame = to_indices(keep_if(variant, lambda cell: cell[0] == BLUE))
        anchor = first(sort_by(pattern, identity))
        for dot in dots:
            offset = subtract(dot, anchor)
            dots_match = shift(pattern, offset) <= dots
            frame_clear = all(colour_at(I, point) in (BLACK, None) for point in shift(frame, offset))
            if dots_match and frame_clear:
                drawn.append(shift(variant, offset))
    return paint(I, merge(drawn))
