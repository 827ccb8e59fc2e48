from arc_dsl import *


def solve(I):
    # The two dots grow stems toward each other, each ending in a five-wide bar whose tips bend to meet the other's in the middle.
    first_dot, second_dot = sort_by(merge(objects(I)), lambda cell: cell[1])
    half_gap = (manhattan_distance({first_dot[1]}, {second_dot[1]}) - 1) // 2
    O = I
    for (colour, start), (_, end) in ((first_dot, second_dot), (second_dot, first_dot)):
        toward = sign(subtract(end, start))
        across = make_point(toward[1], toward[0])
        bar_middle = add(start, multiply(toward, half_gap - 1))
        tips = (add(bar_middle, multiply(across, 2)), subtract(bar_middle, multiply(across, 2)))
        O = fill(O, colour, line_between(start, bar_middle))
        O = fill(O, colour, line_between(tips[0], tips[1]))
        O = fill(O, colour, {add(tip, toward) for tip in tips})
    return O
