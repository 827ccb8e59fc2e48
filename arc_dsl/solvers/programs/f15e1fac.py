from arc_dsl import *


def solve(I):
    # Azure lines run across from their edge and step one cell away from the red markers' edge at each marker.
    def inward(cells):
        h = height(I) - 1
        for edge, direction in ((0, DOWN), (h, UP)):
            if all(r == edge for r, _ in cells):
                return direction
        return RIGHT if all(c == 0 for _, c in cells) else LEFT

    starts, markers = indices_of_colour(I, AZURE), indices_of_colour(I, RED)
    travel, step_aside = inward(starts), inward(markers)

    def level_with_marker(point):
        return any(sum(multiply(subtract(point, m), travel)) == 0 for m in markers)

    O = I
    for point in starts:
        while colour_at(I, point) is not None:
            if level_with_marker(point):
                point = add(point, step_aside)
            O = fill(O, AZURE, singleton(point))
            point = add(point, travel)
    return O
