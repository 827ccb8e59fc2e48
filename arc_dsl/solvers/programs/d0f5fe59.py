from arc_dsl import *


def solve(I):
    # The number of azure shapes sets the size of a square with an azure main diagonal.
    count = size(objects(I))
    diagonal = line_between(ORIGIN, make_point(count - 1, count - 1))
    return fill(canvas(BLACK, make_point(count, count)), AZURE, diagonal)
