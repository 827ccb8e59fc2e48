from arc_dsl import *


def solve(I):
    # The grey bars are recoloured by length: longest blue, middle yellow, shortest red.
    shortest, middle, longest = sort_by(objects(I), size)
    O = fill(I, BLUE, longest)
    O = fill(O, YELLOW, middle)
    return fill(O, RED, shortest)
