from arc_dsl import *


def solve(I):
    # The black shape repeats in the marker's colour toward the marker, the first copy passing through it.
    figure = indices_of_colour(I, BLACK)
    background = most_common_colour(I)
    colour, point = first_match(as_object(I), lambda cell: cell[0] not in (BLACK, background))
    direction = sign(subtract(point, centre(figure)))

    def is_first_copy(k):
        moved = shift(figure, multiply(direction, k))
        return contains(moved, point) and not intersection(moved, figure)

    step = multiply(direction, first_match(interval(1, 30), is_first_copy))
    copies = [shift(figure, multiply(step, n)) for n in range(1, 30)]
    return fill(I, colour, merge(tuple(copies)))
