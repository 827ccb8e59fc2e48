from arc_dsl import *


def solve(I):
    # The green cell takes one step toward the yellow cell.
    green = first(colour_filter(objects(I), GREEN))
    yellow = first(colour_filter(objects(I), YELLOW))
    step = sign(subtract(centre(yellow), centre(green)))
    return move(I, green, step)
