from arc_dsl import *


def solve(I):
    # Inside every rectangle marked by four yellow corners, the cells strictly between the corners turn red.
    corners = indices_of_colour(I, YELLOW)
    def closes_rectangle(top_left, point):
        top, left = top_left
        return point[0] > top and point[1] > left and (top, point[1]) in corners and (point[0], left) in corners
    O = I
    for top_left in corners:
        opposite = frozenset(point for point in corners if closes_rectangle(top_left, point))
        if opposite:
            bottom_right = argmin(opposite, lambda point: point[0] + point[1])
            O = fill(O, RED, bounding_box_indices({add(top_left, UNITY), subtract(bottom_right, UNITY)}))
    return O
