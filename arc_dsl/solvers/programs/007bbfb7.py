from arc_dsl import *


def solve(I):
    # Each coloured cell becomes a copy of the whole grid; each black cell becomes a black block.
    blown_up = upscale(I, height(I))
    copies = tile(I, height(I), width(I))
    return cellwise_match(blown_up, copies, BLACK)
