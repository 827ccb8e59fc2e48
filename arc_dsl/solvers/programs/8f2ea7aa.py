from arc_dsl import *


def solve(I):
    # The small shape is copied into every block of the 3x3 block grid that matches one of its own cells (a fractal).
    shape_object = merge(objects(I, univalued=False))
    block_size = divide(shape(I), 3)
    block = crop(I, multiply(divide(upper_left_corner(shape_object), block_size), block_size), block_size)
    return cellwise_match(upscale(block, 3), tile(block, 3, 3), BLACK)
