from arc_dsl import *


def solve(I):
    # The inside of the larger yellow box turns red, the inside of the smaller one blue.
    boxes = colour_filter(objects(I, without_background=False), YELLOW)
    def inside(box):
        return difference(bounding_box_indices(box), box_outline(box))
    larger = argmax(boxes, size)
    smaller = argmin(boxes, size)
    return fill(fill(I, RED, inside(larger)), BLUE, inside(smaller))
