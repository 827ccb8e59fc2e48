from arc_dsl import *


def solve(I):
    # The answer is the colour of the region sprinkled with the most noise dots.
    noise = least_common_colour(I)
    homes = []
    for point in indices_of_colour(I, noise):
        around = tuple(colour_at(I, p) for p in neighbours(point) if colour_at(I, p) not in (None, noise))
        homes.append(most_common(around))
    return canvas(most_common(tuple(homes)), UNITY)
