from arc_dsl import *


def solve(I):
    # Two end cells of a row grow toward each other and meet at a grey middle cell.
    O = I
    for obj in objects(I):
        for other_end in objects(I):
            if obj != other_end and shares_row(obj, other_end) and leftmost(obj) < leftmost(other_end):
                left_point, right_point = first(to_indices(obj)), first(to_indices(other_end))
                middle = divide(add(left_point, right_point), 2)
                O = fill(O, colour_of(obj), line_between(left_point, middle))
                O = fill(O, colour_of(other_end), line_between(middle, right_point))
                O = fill(O, GREY, singleton(middle))
    return O
