from arc_dsl import *


def solve(I):
    # Each cell belongs to its single nearest corner dot and takes its colour on every other square ring around it.
    dots = cells_except(I, BLACK)
    O = I
    for point in all_indices(I):
        ranked = sorted(
            (manhattan_distance(singleton(point), singleton(spot)), colour, spot) for colour, spot in dots
        )
        distance, colour, spot = ranked[0]
        is_unique = len(ranked) == 1 or ranked[1][0] > distance
        ring = max(absolute(subtract(point, spot)))
        if is_unique and is_even(ring):
            O = fill(O, colour, singleton(point))
    return O
