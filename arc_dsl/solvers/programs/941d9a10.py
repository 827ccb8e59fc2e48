from arc_dsl import *


def solve(I):
    # Of the rooms between the grey lines, the top-left turns blue, the central one red and the bottom-right green.
    rooms = compartments(I, GREY)
    middle = ((height(I) - 1) / 2, (width(I) - 1) / 2)
    def distance_to_middle(room):
        return abs((uppermost(room) + lowermost(room)) / 2 - middle[0]) + abs((leftmost(room) + rightmost(room)) / 2 - middle[1])
    O = fill(I, BLUE, argmin(rooms, upper_left_corner))
    O = fill(O, RED, argmin(rooms, distance_to_middle))
    return fill(O, GREEN, argmax(rooms, lower_right_corner))
