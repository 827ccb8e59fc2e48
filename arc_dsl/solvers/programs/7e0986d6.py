from arc_dsl import *


def solve(I):
    # Noise cells join a rectangle when at least two of their neighbours belong to it; otherwise they vanish.
    noise = least_common_colour(I)
    cleaned = I
    for point in indices_of_colour(I, noise):
        around = [colour_at(I, neighbour) for neighbour in direct_neighbours(point)]
        solid = [colour for colour in around if colour not in (None, BLACK, noise)]
        cleaned = fill(cleaned, most_common(tuple(solid)) if len(solid) >= 2 else BLACK, {point})
    return cleaned
