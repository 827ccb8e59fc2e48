from arc_dsl import *


def solve(I):
    # The odd-coloured cell at the base of the triangle shoots a ray of its colour out past the tip.
    triangle = first(objects(I, univalued=False))
    odd_colour = least_common_colour(triangle)
    base = first(point for colour, point in triangle if colour == odd_colour)
    direction = sign(subtract(centre(triangle), base))
    return underfill(I, odd_colour, ray(base, direction))
