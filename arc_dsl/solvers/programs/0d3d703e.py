from arc_dsl import *


def solve(I):
    # Colours are swapped in fixed pairs: green-yellow, blue-grey, red-magenta, azure-maroon.
    O = swap_colours(I, GREEN, YELLOW)
    O = swap_colours(O, BLUE, GREY)
    O = swap_colours(O, RED, MAGENTA)
    O = swap_colours(O, AZURE, MAROON)
    return O
