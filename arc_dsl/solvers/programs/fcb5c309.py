from arc_dsl import *


def solve(I):
    # The frame holding the most dots is cut out and redrawn in the dots' colour.
    frame_colour = colour_of(argmax(objects(I), size))
    dot_colour = other(remove(BLACK, palette(I)), frame_colour)
    frames = colour_filter(objects(I), frame_colour)
    richest = argmax(frames, lambda frame: colour_count(subgrid(I, frame), dot_colour))
    return replace_colour(subgrid(I, richest), frame_colour, dot_colour)
