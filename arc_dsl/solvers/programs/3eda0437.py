from arc_dsl import *


def solve(I):
    # The largest all-black rectangle at least two cells high and wide is painted magenta.
    h, w = shape(I)
    black = indices_of_colour(I, BLACK)
    boxes = [bounding_box_indices(frozenset({(top, left), (bottom, right)}))
             for top in range(h) for bottom in range(top + 1, h) for left in range(w) for right in range(left + 1, w)]
    largest = argmax([box for box in boxes if box <= black], size)
    return fill(I, MAGENTA, largest)
