from arc_dsl import *


def solve(I):
    # The four-cell shapes of each colour are stacked centred on one another in the largest one's box.
    shapes = foreground_partition(I)
    size_ = (max_value(shapes, height), max_value(shapes, width))
    O = canvas(most_common_colour(I), size_)
    for corners in shapes:
        offset = halve(subtract(size_, shape(corners)))
        O = paint(O, shift(normalise(corners), offset))
    return O
