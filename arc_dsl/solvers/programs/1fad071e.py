from arc_dsl import *


def solve(I):
    # A row of five cells shows one blue cell for every blue 2x2 square.
    squares = size_filter(colour_filter(objects(I), BLUE), 4)
    count = size(squares)
    return (tuple(BLUE if index < count else BLACK for index in range(5)),)
