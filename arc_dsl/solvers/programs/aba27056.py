from arc_dsl import *


def solve(I):
    # The open box fills with yellow, which pours out of the opening as a straight beam with a diagonal ray from each side of the opening.
    box = argmax(objects(I), size)
    inside = bounding_box_delta(box)
    opening = sort_by(intersection(inside, box_outline(box)), identity)
    row, column = opening[0]
    if row in (uppermost(box), lowermost(box)):
        direction = branch(row == uppermost(box), UP, DOWN)
    else:
        direction = branch(column == leftmost(box), LEFT, RIGHT)
    across = make_point(abs(direction[1]), abs(direction[0]))
    beam = apply_and_merge(lambda cell: ray(cell, direction), opening)
    diagonal_out = add(direction, across)
    diagonal_back = subtract(direction, across)
    left_ray = ray(add(opening[0], diagonal_back), diagonal_back)
    right_ray = ray(add(opening[-1], diagonal_out), diagonal_out)
    return fill(I, YELLOW, combine(combine(inside, beam), combine(left_ray, right_ray)))
