from arc_dsl import *


def solve(I):
    # Grey and azure swap colours.
    return swap_colours(I, GREY, AZURE)
