from arc_dsl import *


def solve(I):
    # The output is a 2x2 square of the colour of the biggest rectangle.
    biggest = argmax(objects(I), compose(size, bounding_box_indices))
    return canvas(colour_of(biggest), (2, 2))
