from arc_dsl import *


def solve(I):
    # Grey shapes are recoloured by size: 4 cells blue, 3 red, 2 green.
    colour_for_size = {4: BLUE, 3: RED, 2: GREEN}
    O = I
    for shape_cells in objects(I):
        O = paint(O, recolour(shape_cells, colour_for_size[size(shape_cells)]))
    return O
