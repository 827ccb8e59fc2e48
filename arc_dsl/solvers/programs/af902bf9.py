from arc_dsl import *


def solve(I):
    # Inside every rectangle marked by four yellow corners, the cells strictly between the corners turn red.
    corners = indices_of_colour(I, YELLOW)
    O = I
    for top, left in corners:
        opposite = keep_if(corners, lambda point: point[0] > top and point[1] > left and (top, point[1]) in corners and (point[0], left) in corners)
        if opposite:
            bottom_right = argmin(opposite, lambda point: point[0] + point[1])
            O = fill(O, RED, bounding_box_indices({(top + 1, left + 1), subtract(bottom_right, UNITY)}))
    return O
