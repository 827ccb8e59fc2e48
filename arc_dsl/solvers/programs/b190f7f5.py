from arc_dsl import *


def solve(I):
    # The azure half is a stencil: each cell of the coloured half becomes a copy of the stencil in that cell's colour.
    halves = branch(is_portrait(I), split_top_bottom(I, 2), split_left_right(I, 2))
    stencil = first_match(halves, lambda half: palette(half) <= {BLACK, AZURE})
    pattern = other(halves, stencil)
    enlarged = upscale(pattern, height(pattern))
    stencils = tile(stencil, height(pattern), width(pattern))
    return fill(enlarged, BLACK, indices_of_colour(stencils, BLACK))
