from arc_dsl import *


def solve(I):
    # Each green bar shoots a beam out of the side holding its red cell: a red line flanked by green as wide as the bar less one.
    O = I
    for bar in objects(I, univalued=False):
        red_cell = first(to_indices(keep_if(bar, lambda cell: cell[0] == RED)))
        if is_portrait(bar):
            direction = branch(red_cell[1] == leftmost(bar), LEFT, RIGHT)
            across, thickness = DOWN, width(bar)
        else:
            direction = branch(red_cell[0] == uppermost(bar), UP, DOWN)
            across, thickness = RIGHT, height(bar)
        for offset in range(1, thickness):
            O = fill(O, GREEN, ray(add(red_cell, multiply(across, offset)), direction))
            O = fill(O, GREEN, ray(subtract(red_cell, multiply(across, offset)), direction))
        O = fill(O, RED, ray(red_cell, direction))
    return O
