from arc_dsl import *


def solve(I):
    # The small shape is enlarged to fill the inside of the red frame.
    frame = first(colour_filter(objects(I), RED))
    figure = difference(merge(objects(I)), frame)
    factor = (height(frame) - 2) // height(figure)
    enlarged = upscale(subgrid(I, figure), factor)
    return paint(subgrid(I, frame), shift(as_object(enlarged), UNITY))
