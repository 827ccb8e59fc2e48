from arc_dsl import *


def solve(I):
    # Among the rooms cut by the red walls, the largest turn blue and the smallest turn azure.
    rooms = colour_filter(objects(I, without_background=False), BLACK)
    largest = keep_if(rooms, lambda room: size(room) == max_value(rooms, size))
    smallest = keep_if(rooms, lambda room: size(room) == min_value(rooms, size))
    return fill(fill(I, BLUE, merge(largest)), AZURE, merge(smallest))
