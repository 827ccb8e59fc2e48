from arc_dsl import *


def solve(I):
    # Every green dot takes the colour of the nearer of the two border lines.
    background = most_common_colour(I)
    lines = keep_if(uniform_lines(I), lambda line: colour_of(line) not in (background, GREEN))
    O = I
    for point in indices_of_colour(I, GREEN):
        nearest = argmin(lines, bind_right(manhattan_distance, frozenset({point})))
        O = fill(O, colour_of(nearest), frozenset({point}))
    return O
