from arc_dsl import *


def solve(I):
    # The shape that occurs most often is the answer.
    shapes = tuple(normalise(piece) for piece in sort_by(objects(I, diagonal=True), upper_left_corner))
    commonest = most_common(shapes)
    return paint(canvas(BLACK, shape(commonest)), commonest)
