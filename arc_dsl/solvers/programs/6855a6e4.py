from arc_dsl import *


def solve(I):
    # Each grey shape is reflected across the back of its nearest red bracket, into the bracket.
    brackets = colour_filter(objects(I), RED)
    grey_shapes = colour_filter(objects(I), GREY)
    reflected = []
    for grey in grey_shapes:
        bracket = argmin(brackets, bind_right(manhattan_distance, grey))
        if width(bracket) > height(bracket):
            axis = branch(uppermost(grey) < uppermost(bracket), uppermost(bracket), lowermost(bracket))
            reflected.append(frozenset((colour, (2 * axis - r, c)) for colour, (r, c) in grey))
        else:
            axis = branch(leftmost(grey) < leftmost(bracket), leftmost(bracket), rightmost(bracket))
            reflected.append(frozenset((colour, (r, 2 * axis - c)) for colour, (r, c) in grey))
    return paint(erase(I, merge(grey_shapes)), merge(reflected))
