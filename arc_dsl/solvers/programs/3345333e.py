from arc_dsl import *


def solve(I):
    # A solid rectangle covers part of a left-right symmetric shape: it is removed and the shape completed by mirroring.
    cover = first_match(foreground_partition(I), lambda part: size(bounding_box_delta(part)) == 0)
    figure = first(remove(cover, foreground_partition(I)))
    points = to_indices(figure)
    hidden_or_shown = combine(points, to_indices(cover))

    def agreement(axis2):
        mirrored = frozenset((r, axis2 - c) for r, c in points)
        return size(intersection(mirrored, points)) if mirrored <= hidden_or_shown else -1
    axis2 = argmax(interval(2 * leftmost(hidden_or_shown), 2 * rightmost(hidden_or_shown) + 1), agreement)
    completed = combine(points, frozenset((r, axis2 - c) for r, c in points))
    return fill(erase(I, cover), colour_of(figure), completed)
